using System.Security.Cryptography;
using System.Text;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Accounts;

/// <summary>
/// The tokens agents may present: the portal-wide token (configured, or random for this start and known only to
/// local agents), tokens bound to an agent id in the configuration (Lab:AgentTokens), and tokens admins issue per
/// agent, stored as SHA-256 and revocable.
/// </summary>
public sealed class AgentTokens(
    string configuredToken, LabDatabase db, TimeProvider clock, IReadOnlyDictionary<string, string>? configuredBoundTokens = null)
{
    /// <summary>Issued agent tokens start with this (personal API tokens start with "lp_").</summary>
    public const string IssuedPrefix = "lpa_";

    /// <summary>Bound tokens from the configuration are at least this long, so they cannot be guessed.</summary>
    public const int MinimumConfiguredLength = 24;

    public string Token { get; } = string.IsNullOrWhiteSpace(configuredToken)
        ? Convert.ToHexString(RandomNumberGenerator.GetBytes(24))
        : configuredToken;

    private readonly IReadOnlyList<(string AgentId, byte[] Token)> _configuredBound = ReadBound(configuredBoundTokens);

    /// <summary>Raised after a token is revoked, so live connections made with it can be closed.</summary>
    public event Action<int>? Revoked;

    /// <summary>Who the presented token says the agent is, or null when it is not (or no longer) valid.</summary>
    public AgentCredential? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        // Constant-time comparison, so the token cannot be guessed from response timings.
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(Token)))
        {
            return AgentCredential.PortalWide;
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        foreach (var (agentId, token) in _configuredBound)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedBytes, token))
            {
                return new AgentCredential(null, agentId);
            }
        }

        if (!presented.StartsWith(IssuedPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SecretTokens.Hash(presented);
        var record = db.AgentTokens.FindOne(t => t.TokenHash == hash);
        if (record is not { IsActive: true })
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (SecretTokens.ShouldRecordUse(record.LastUsed, now))
        {
            record.LastUsed = now; // agents authenticate on every upload and long poll
            db.AgentTokens.Update(record);
        }

        return new AgentCredential(record.Id, record.AgentId);
    }

    /// <summary>Creates a token; the returned text is the only copy.</summary>
    public (AgentTokenRecord Record, string Token) Issue(string name, string? agentId, string createdBy)
    {
        var token = SecretTokens.New(IssuedPrefix);
        var record = new AgentTokenRecord
        {
            Name = string.IsNullOrWhiteSpace(name) ? "agent" : name.Trim(),
            AgentId = string.IsNullOrWhiteSpace(agentId) ? null : agentId.Trim(),
            TokenHash = SecretTokens.Hash(token),
            Prefix = SecretTokens.ShownPart(token, IssuedPrefix),
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AgentTokens.Insert(record);
        return (record, token);
    }

    public IReadOnlyList<AgentTokenRecord> List() => db.AgentTokens.Query().OrderByDescending(t => t.Id).ToList();

    /// <summary>Revokes a token: refused from the next request on, and its open connections are closed.</summary>
    public bool Revoke(int id)
    {
        var record = db.AgentTokens.FindById(id);
        if (record is not { IsActive: true })
        {
            return false;
        }

        record.RevokedAt = clock.GetUtcNow().UtcDateTime;
        db.AgentTokens.Update(record);
        Revoked?.Invoke(id);
        return true;
    }

    private static List<(string AgentId, byte[] Token)> ReadBound(IReadOnlyDictionary<string, string>? configured)
    {
        var bound = new List<(string, byte[])>();
        foreach (var (agentId, token) in configured ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                continue;
            }

            if (token.Trim().Length < MinimumConfiguredLength)
            {
                throw new InvalidOperationException(
                    $"Lab:AgentTokens:{agentId} is shorter than {MinimumConfiguredLength} characters; " +
                    "give each agent a long random token (for example: openssl rand -hex 24).");
            }

            bound.Add((agentId.Trim(), Encoding.UTF8.GetBytes(token.Trim())));
        }

        return bound;
    }
}
