namespace LabPortal.Portal.Services.Runs;

/// <summary>An agent sent something the portal will not store; the message says what and why.</summary>
public sealed class AgentReportRejectedException(string message) : Exception(message);
