using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Safetensors;

/// <summary>Everything a safetensors file holds: its tensors (CPU, owned by the caller) and its string metadata.</summary>
public sealed record SafetensorsContents(Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
