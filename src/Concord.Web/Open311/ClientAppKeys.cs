using System.Security.Cryptography;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311;

/// <summary>
/// api_keys of client applications: random, shown once, stored as a keyed SM3 digest (the
/// personal-data key with its own domain prefix, so a leaked table does not give usable keys
/// and a digest of one purpose never equals one of another).
/// </summary>
public sealed class ClientAppKeys(PersonalData personalData)
{
    public const string Prefix = "o311_";

    /// <summary>Characters of the key kept in clear to tell keys apart (prefix + 8).</summary>
    public const int VisibleLength = 13;

    public static string NewKey() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public string Digest(string apiKey) => personalData.Digest("open311-api-key:" + apiKey.Trim());

    public static string VisiblePart(string apiKey) => apiKey.Trim()[..Math.Min(VisibleLength, apiKey.Trim().Length)];

    /// <summary>The active app holding this key, whatever the caller's scope (the key is the credential).</summary>
    public async Task<ClientApp?> FindActiveAsync(ConcordDb db, string? apiKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200)
        {
            return null;
        }

        var digest = Digest(apiKey);
        return await db.ClientApps.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(a => a.KeyDigest == digest && a.RevokedAt == null, ct);
    }
}
