using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary>
/// One <c>train</c> option that sets a spec field: its name without "--", the field's JSON path (as validation errors
/// name it, so an error can point back at the flag), what <c>--help</c> says of it, and how it changes the spec. A
/// switch takes no value.
/// </summary>
public sealed record TrainFlag(string Name, string Field, string Description, Func<ExperimentSpec, string, ExperimentSpec> Apply, bool IsSwitch = false);
