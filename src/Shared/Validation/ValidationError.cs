namespace LabPortal.Shared.Validation;

/// <summary>One problem with one field; <see cref="Field"/> is the field's JSON path, for example "training.epochs".</summary>
public sealed record ValidationError(string Field, string Message);
