using LabPortal.Agent.Models.Packaged;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>Models by name. Add an entry to make a model available to specs.</summary>
public sealed class ModelCatalogue
{
    private readonly Dictionary<string, ModelEntry> _entries;

    public ModelCatalogue(IEnumerable<ModelEntry> entries) =>
        _entries = entries.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

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
    /// Builds the model: seeds torch's generator, initialises as Hugging Face does, loads the entry's
    /// weights if it has any, and moves it to the device.
    /// </summary>
    public LoadedModel Create(string name, int seed, Device device)
    {
        var entry = Find(name);
        var tokenizer = entry.CreateTokenizer();
        var config = entry.CreateConfig(tokenizer);

        manual_seed(seed);
        var model = new BertForPairClassification(config);
        BertInitializer.Apply(model, config);
        entry.LoadWeights?.Invoke(model);
        model.to(device);
        return new LoadedModel(entry, model, tokenizer);
    }
}
