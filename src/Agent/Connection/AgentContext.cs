using LabPortal.Agent.Data;
using LabPortal.Agent.Runs;
using LabPortal.Shared.Models;
using static TorchSharp.torch;

namespace LabPortal.Agent.Connection;

/// <summary>What the worker needs, resolved once at start-up: identity, device, data root, the training engine and the models it offers.</summary>
public sealed record AgentContext(
    string AgentId, Device Device, GpuDescription? Gpu, DataRoot DataRoot, TrainFunction Train, IReadOnlyList<ModelInfo> Models);
