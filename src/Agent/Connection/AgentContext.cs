using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Runs;
using LabPortal.Agent.Training;
using LabPortal.Shared.Models;
using static TorchSharp.torch;

namespace LabPortal.Agent.Connection;

/// <summary>
/// What the worker needs, resolved once at start-up: identity, device (and the GPU behind it), data root, the training
/// engine, the models it offers and the catalogue it builds them from (the playground rebuilds finished runs' models with it).
/// </summary>
public sealed record AgentContext(
    string AgentId, Device Device, GpuDescription? Gpu, DataRoot DataRoot, TrainFunction Train, IReadOnlyList<ModelInfo> Models,
    ModelCatalogue Catalogue)
{
    /// <summary>
    /// Resolves the device, describes the models it offers (the first start also extracts the packaged weights into
    /// the cache) and asks the GPU what it is. Throws ArgumentException or InvalidOperationException on a bad device.
    /// </summary>
    public static AgentContext Create(AgentOptions options)
    {
        var device = DeviceSelector.Resolve(options.Device);
        var dataRoot = new DataRoot(options.DataRoot);
        // Specs may name a checkpoint folder as their model; like dataset paths, it is relative to the data root.
        var catalogue = ModelCatalogue.Default.WithDataRoot(dataRoot);
        var trainer = new Trainer(catalogue, TimeProvider.System);
        var models = catalogue.Describe((name, error) => Console.Error.WriteLine($"Model '{name}' is not offered: {error.Message}"));
        var gpu = device.type == TorchSharp.DeviceType.CUDA ? GpuDescription.Query(device.index < 0 ? 0 : device.index) : null;
        return new AgentContext(AgentIdentity.Resolve(options.AgentId, device.ToString()), device, gpu, dataRoot, trainer.Train, models, catalogue);
    }
}
