using LabPortal.Agent.Data;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Models by name. Add an entry to make a model available to specs. A name that is no entry but a folder (relative
/// to the data root, or absolute) is loaded as a Hugging Face checkpoint folder.
/// </summary>
public sealed class ModelCatalogue
{
    private readonly Dictionary<string, ModelEntry> _entries;
    private readonly DataRoot? _dataRoot;

    public ModelCatalogue(IEnumerable<ModelEntry> entries, DataRoot? dataRoot = null)
    {
        _entries = entries.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        _dataRoot = dataRoot;
    }

    /// <summary>The tiny random model and the pretrained encoders shipped in packages (weights cached on first use).</summary>
    public static ModelCatalogue Default { get; } = new(
    [
        TinyModel.Entry,
        PackagedModelEntry.Create(PackagedModel.MiniLm, PackagedWeightCache.Default),
        PackagedModelEntry.Create(PackagedModel.ArcticXs, PackagedWeightCache.Default),
    ]);

    public IReadOnlyCollection<string> Names => _entries.Keys;

    public ModelEntry Find(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry : throw new UnknownModelException(name, _entries.Keys);

    /// <summary>
    /// What each entry is, for the portal's model picker: encoder size from its config (no weights are loaded).
    /// An entry that cannot be described (a package file missing, say) is left out and reported through <paramref name="skipped"/>.
    /// </summary>
    public IReadOnlyList<ModelInfo> Describe(Action<string, Exception>? skipped = null)
    {
        var infos = new List<ModelInfo>();
        foreach (var entry in _entries.Values)
        {
            try
            {
                infos.Add(entry.Architecture?.Describe(entry.Name, entry.Description) ?? DescribeBert(entry, entry.CreateConfig(entry.CreateTokenizer())));
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                skipped?.Invoke(entry.Name, exception);
            }
        }

        return infos;
    }

    /// <summary>A BERT-family entry, with the shape the portal's memory estimate needs.</summary>
    private static ModelInfo DescribeBert(ModelEntry entry, BertConfig config) => new(
        entry.Name, entry.Description, BertParameterLayout.Encoder(config).Sum(p => p.Shape.Aggregate(1L, (a, b) => a * b)), config.HiddenSize, config.NumHiddenLayers)
    {
        Family = config.Family == EncoderFamily.Roberta ? "roberta" : "bert",
        IntermediateSize = config.IntermediateSize,
        AttentionHeads = config.NumAttentionHeads,
        VocabSize = config.VocabSize,
        StoredPrecision = entry.StoredPrecision,
    };

    /// <summary>The same entries, with checkpoint folders resolved against <paramref name="dataRoot"/> (the agent's --data-root).</summary>
    public ModelCatalogue WithDataRoot(DataRoot dataRoot) => new(_entries.Values, dataRoot);

    /// <summary>A catalogue entry by name, else the checkpoint folder at that path.</summary>
    public ModelEntry FindOrOpen(string nameOrPath)
    {
        if (_entries.TryGetValue(nameOrPath, out var entry))
        {
            return entry;
        }

        // A name with a slash is meant as a folder: say which folder is missing rather than "unknown model".
        var folder = _dataRoot?.Resolve(nameOrPath) ?? Path.GetFullPath(nameOrPath);
        var meantAsPath = nameOrPath.Contains('/') || nameOrPath.Contains(Path.DirectorySeparatorChar);
        return Directory.Exists(folder) || meantAsPath ? CheckpointFolder.Open(folder) : throw new UnknownModelException(nameOrPath, _entries.Keys);
    }

    /// <summary>
    /// Builds the model: seeds torch's generator, initialises as Hugging Face does, loads the entry's
    /// weights if it has any, and moves it to the device. <paramref name="nameOrPath"/> is an entry's name or a
    /// checkpoint folder; <paramref name="head"/>'s empty fields take the entry's default head;
    /// <paramref name="task"/> (QQP's when null) fixes one text or two and the classifier's outputs, and with
    /// <paramref name="method"/> which default head applies.
    /// </summary>
    public LoadedModel Create(string nameOrPath, int seed, Device device, HeadSpec? head = null, TaskFacts? task = null, MethodKind method = MethodKind.Lora)
    {
        task ??= TaskFacts.For(TaskKind.Qqp);
        var entry = FindOrOpen(nameOrPath);
        var tokenizer = entry.CreateTokenizer();
        var pairHead = PairHead.Resolve(head ?? new HeadSpec(), entry.DefaultHeadFor(task.Kind, method), task.SingleText);
        var config = entry.Architecture is null ? entry.CreateConfig(tokenizer) : null;

        manual_seed(seed);
        var model = entry.Architecture?.Create(pairHead, task.Outputs) ?? new BertForPairClassification(config!, pairHead, task.Outputs);
        try
        {
            if (entry.Architecture is { } architecture)
            {
                architecture.LoadWeights(model);
            }
            else
            {
                BertInitializer.Apply(model, config!);
                entry.LoadWeights?.Invoke((BertForPairClassification)model);
            }

            model.to(device);
        }
        catch
        {
            model.Dispose(); // a model whose weights failed to load is never handed out
            throw;
        }

        return new LoadedModel(entry, model, tokenizer);
    }
}
