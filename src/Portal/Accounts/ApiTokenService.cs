using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Accounts;

/// <summary>Personal API tokens: issued once in clear, stored as SHA-256, revocable by their owner or an admin.</summary>
public sealed class ApiTokenService(LabDatabase db, TimeProvider clock)
{
    /// <summary>Every personal token starts with this, so the portal can tell it from an agent token.</summary>
    public const string TokenPrefix = "lp_";

    /// <summary>Creates a token for <paramref name="userName"/>; the returned text is the only copy.</summary>
    public (ApiTokenRecord Record, string Token) Issue(string userName, string name)
    {
        var token = SecretTokens.New(TokenPrefix);
        var record = new ApiTokenRecord
        {
            UserName = userName,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim(),
            TokenHash = SecretTokens.Hash(token),
            Prefix = SecretTokens.ShownPart(token, TokenPrefix),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Insert(record);
        return (record, token);
    }

    /// <summary>The active token record for <paramref name="token"/>, or null.</summary>
    public ApiTokenRecord? Authenticate(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var record = db.ApiTokens.FindOne(t => t.TokenHash == hash);
        if (record is null || !record.IsActive)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (SecretTokens.ShouldRecordUse(record.LastUsed, now))
        {
            record.LastUsed = now;
            db.ApiTokens.Update(record);
        }

        return record;
    }

    public IReadOnlyList<ApiTokenRecord> ListFor(string userName) =>
        db.ApiTokens.Query().Where(t => t.UserName == userName).OrderByDescending(t => t.Id).ToList();

    /// <summary>Revokes a token of <paramref name="userName"/>; false when there is no such active token.</summary>
    public bool Revoke(int tokenId, string userName)
    {
        var record = db.ApiTokens.FindById(tokenId);
        if (record is null || record.UserName != userName || !record.IsActive)
        {
            return false;
        }

        record.RevokedAt = clock.GetUtcNow().UtcDateTime;
        return db.ApiTokens.Update(record);
    }

    /// <summary>Revokes every active token of <paramref name="userName"/> (an admin's action); returns how many.</summary>
    public int RevokeAllFor(string userName)
    {
        var active = db.ApiTokens.Find(t => t.UserName == userName && t.RevokedAt == null).ToList();
        foreach (var record in active)
        {
            record.RevokedAt = clock.GetUtcNow().UtcDateTime;
            db.ApiTokens.Update(record);
        }

        return active.Count;
    }
}
