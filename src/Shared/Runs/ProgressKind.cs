using System.Text.Json.Serialization;

namespace LabPortal.Shared.Runs;

/// <summary>Whether a progress report comes from a training step or an evaluation pass.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProgressKind>))]
public enum ProgressKind
{
    Train,
    Eval,
}
