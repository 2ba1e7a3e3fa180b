using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Packaged;

/// <summary>
/// Both packaged encoders, extracted from their DLLs into a fresh cache folder (so every test run exercises the
/// ONNX mapping and the cache) and loaded once for all the tests that need them.
/// </summary>
public sealed class PackagedEncoderFixture : IDisposable
{
    private readonly TempDirectory _cacheFolder = new();
    private readonly Dictionary<string, LoadedModel> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public PackagedEncoderFixture()
    {
        Cache = new PackagedWeightCache(_cacheFolder.Path, Notices.Add);
        Catalogue = new ModelCatalogue(PackagedModel.All.Select(m => PackagedModelEntry.Create(m, Cache)));
    }

    public PackagedWeightCache Cache { get; }

    public ModelCatalogue Catalogue { get; }

    public List<string> Notices { get; } = [];

    /// <summary>The model built through the catalogue (seed 0), loaded on first use.</summary>
    public LoadedModel Loaded(string name)
    {
        if (!_loaded.TryGetValue(name, out var loaded))
        {
            loaded = Catalogue.Create(name, seed: 0, torch.CPU);
            _loaded[name] = loaded;
        }

        return loaded;
    }

    public void Dispose()
    {
        foreach (var loaded in _loaded.Values)
        {
            loaded.Dispose();
        }

        _cacheFolder.Dispose();
    }
}
