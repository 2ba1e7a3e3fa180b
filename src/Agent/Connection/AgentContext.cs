using LabPortal.Agent.Data;
using LabPortal.Agent.Runs;
using static TorchSharp.torch;

namespace LabPortal.Agent.Connection;

/// <summary>What the worker needs, resolved once at start-up: identity, device, data root and the training engine.</summary>
public sealed record AgentContext(string AgentId, Device Device, DataRoot DataRoot, TrainFunction Train);
