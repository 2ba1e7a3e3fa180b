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

    /// <summary>The folder under the data root whose checkpoint folders an agent offers, each by its path ("models/NAME").</summary>
    public const string FoldersRoot = "models";

    /// <summary>
    /// What each entry is, for the portal's model picker and memory estimate: size and shape from its config (no weights
    /// are loaded); then, with a data root, each checkpoint folder in its <see cref="FoldersRoot"/> folder (one holding a
    /// config.json), named by its path there. An entry or folder that cannot be described (a package file missing, a
    /// broken config) is left out and reported through <paramref name="skipped"/>.
    /// </summary>
    public IReadOnlyList<ModelInfo> Describe(Action<string, Exception>? skipped = null)
    {
        var infos = new List<ModelInfo>();
        foreach (var name in _entries.Keys.Concat(CheckpointFolderPaths()))
        {
            try
            {
                var entry = FindOrOpen(name);
                infos.Add(entry.Architecture?.Describe(name, entry.Description) ?? DescribeBert(name, entry, entry.CreateConfig(entry.CreateTokenizer())));
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or CheckpointException)
            {
                skipped?.Invoke(name, exception);
            }
        }

        return infos;
    }

    /// <summary>"models/NAME" for each folder under the data root's <see cref="FoldersRoot"/> that holds a config.json, in name order.</summary>
    private IEnumerable<string> CheckpointFolderPaths()
    {
        var root = _dataRoot is null ? null : Path.Combine(_dataRoot.Root, FoldersRoot);
        return root is null || !Directory.Exists(root)
            ? []
            : Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, CheckpointFiles.Config)))
                .Select(d => $"{FoldersRoot}/{Path.GetFileName(d)}").Order(StringComparer.Ordinal);
    }

    /// <summary>A BERT-family entry, with the shape the portal's memory estimate needs.</summary>
    private static ModelInfo DescribeBert(string name, ModelEntry entry, BertConfig config) => new(
        name, entry.Description, BertParameterLayout.Encoder(config).Sum(p => p.Shape.Aggregate(1L, (a, b) => a * b)), config.HiddenSize, config.NumHiddenLayers)
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
