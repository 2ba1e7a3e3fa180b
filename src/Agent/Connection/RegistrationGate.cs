namespace LabPortal.Agent.Connection;

/// <summary>
/// Whether the current hub connection has registered. The portal refuses reports from a connection that has not
/// (it does not yet know which agent it is), so after a reconnect reports wait until registration is done.
/// </summary>
public sealed class RegistrationGate
{
    private volatile bool _registered;

    public bool IsRegistered => _registered;

    public void Registered() => _registered = true;

    public void ConnectionLost() => _registered = false;

    /// <summary>Throws a retryable error while the connection is not registered (senders keep the message for later).</summary>
    public void ThrowIfNotRegistered()
    {
        if (!_registered)
        {
            throw new IOException("Not registered with the portal yet (reconnecting).");
        }
    }
}
