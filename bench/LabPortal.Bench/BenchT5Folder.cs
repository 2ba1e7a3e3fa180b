using LabPortal.Agent.Tests.Models.T5;

namespace LabPortal.Bench;

/// <summary>
/// The memory bench's T5 encoder: a random checkpoint folder in Hugging Face's layout, written by the agent tests'
/// <see cref="SmallT5Checkpoint"/> at a size whose activations dominate its weights: d_model 256, 6 heads of d_kv 32
/// (attention width 192, narrower than d_model as in mT5-small), d_ff 1024, 4 layers, a 4,000-row vocabulary (the
/// tokenizer is the writer's few dozen pieces, so QQP's text is read mostly letter by letter).
/// </summary>
public sealed class BenchT5Folder : IDisposable
{
    private static readonly SmallT5Checkpoint.Dimensions Size = new(ModelDim: 256, KeyValueDim: 32, Heads: 6, FeedForward: 1024, Layers: 4, VocabSize: 4000);

    private BenchT5Folder(string path) => Path = path;

    /// <summary>The folder, a model name the catalogue opens.</summary>
    public string Path { get; }

    /// <summary>"t5" (ReLU feed-forward) or "t5-gated" (gated-gelu) written to a fresh temporary folder; null for any other name.</summary>
    public static BenchT5Folder? For(string model)
    {
        if (model is not ("t5" or "t5-gated"))
        {
            return null;
        }

        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"labportal-bench-{model}-{Environment.ProcessId}");
        SmallT5Checkpoint.Write(folder, new SmallT5Checkpoint.Options { Size = Size, Gated = model == "t5-gated" });
        return new BenchT5Folder(folder);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
