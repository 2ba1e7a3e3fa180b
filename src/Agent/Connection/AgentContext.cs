using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Runs;
using LabPortal.Shared.Models;
using static TorchSharp.torch;

namespace LabPortal.Agent.Connection;

/// <summary>
/// What the worker needs, resolved once at start-up: identity, device (and the GPU behind it), data root, the training
/// engine, the models it offers and the catalogue it builds them from (the playground rebuilds finished runs' models with it).
/// </summary>
public sealed record AgentContext(
    string AgentId, Device Device, GpuDescription? Gpu, DataRoot DataRoot, TrainFunction Train, IReadOnlyList<ModelInfo> Models,
    ModelCatalogue Catalogue);
