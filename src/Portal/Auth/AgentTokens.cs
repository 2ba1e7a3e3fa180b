using System.Security.Cryptography;
using System.Text;

namespace LabPortal.Portal.Auth;

/// <summary>The token agents must present. If none is configured, a random one for this start (local agents only).</summary>
public sealed class AgentTokens(string configuredToken)
{
    public string Token { get; } = string.IsNullOrWhiteSpace(configuredToken)
        ? Convert.ToHexString(RandomNumberGenerator.GetBytes(24))
        : configuredToken;

    public bool IsConfigured { get; } = !string.IsNullOrWhiteSpace(configuredToken);

    /// <summary>Compares in constant time so the token cannot be guessed from response timings.</summary>
    public bool Accepts(string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(Token));
}
