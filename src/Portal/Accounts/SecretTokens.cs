using System.Security.Cryptography;
using System.Text;

namespace LabPortal.Portal.Accounts;

/// <summary>The one way the portal makes and keeps secrets it hands out: random, shown once, stored as SHA-256.</summary>
public static class SecretTokens
{
    /// <summary>LastUsed is a hint for people, not an audit log: it is written at most this often, not on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>A new token: <paramref name="prefix"/> (which tells the portal what kind it is) and 32 random bytes in hex.</summary>
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The first characters shown in lists so owners can tell their tokens apart (never enough to use).</summary>
    public static string ShownPart(string token, string prefix) => token[..(prefix.Length + 6)];

    /// <summary>Whether a use at <paramref name="now"/> is worth recording.</summary>
    public static bool ShouldRecordUse(DateTime? lastUsed, DateTime now) => lastUsed is null || now - lastUsed > LastUsedResolution;
}
