namespace LabPortal.Shared.Hubs;

/// <summary>How the portal tells an agent that a call failed on its side and is worth sending again.</summary>
public static class HubErrors
{
    /// <summary>
    /// Starts the message of a failure that was not the agent's fault (the portal could not store the report, for
    /// example a full disk): the agent sends the same call again instead of giving up on the run.
    /// </summary>
    public const string RetryablePrefix = "Retryable: ";

    /// <summary>
    /// Starts the message of a refusal to a connection that does not hold its agent id (not registered yet, or replaced
    /// by a newer registration): the agent registers again, then resends.
    /// </summary>
    public const string RegisterAgainPrefix = "Register again: ";

    public static bool IsRetryable(Exception exception) =>
        exception.Message.Contains(RetryablePrefix, StringComparison.Ordinal) || AsksToRegisterAgain(exception);

    public static bool AsksToRegisterAgain(Exception exception) =>
        exception.Message.Contains(RegisterAgainPrefix, StringComparison.Ordinal);
}
