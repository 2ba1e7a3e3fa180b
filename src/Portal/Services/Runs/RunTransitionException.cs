namespace LabPortal.Portal.Services.Runs;

/// <summary>A change a person asked for that the run's state does not allow (the API answers 409 with the message).</summary>
public sealed class RunTransitionException(string message) : Exception(message);
