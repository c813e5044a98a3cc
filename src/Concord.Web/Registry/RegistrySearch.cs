using Concord.Domain.Privacy;
using Concord.Domain.Registry;
using Concord.Domain.Search;
using Concord.Web.Shared;

namespace Concord.Web.Registry;

/// <summary>
/// Search keys for protected personal data, so that the registry can be searched without
/// addresses or ID numbers in clear:
/// <list type="bullet">
/// <item>an address becomes a blind index — the keyed digest (HMAC-SM3 with the data key,
/// first 12 hex characters) of each of its CJK unigrams and bigrams and digit/Latin runs; a
/// query is turned into the digests of its terms and all must be present. Someone reading the
/// database sees opaque tokens; only the data key links them to characters.</item>
/// <item>an ID number keeps its masked form (which shows the last four characters to everyone
/// anyway) and a keyed digest of its last six characters (<see cref="IdTail"/>).</item>
/// </list>
/// </summary>
public sealed class RegistrySearch(PersonalData personalData)
{
    private const int TokenLength = 12;

    public (ProtectedValue Address, string? Tokens) ProtectAddress(string? address)
    {
        var value = personalData.ProtectAddress(address);
        // Bigrams and digit/Latin runs only: a one-character address keyword finds too much to be useful,
        // and leaving the unigrams out halves the digests computed per address.
        return (value, value.HasValue ? string.Join(' ', Indexed(CjkTokens.ForDocument(address)).Select(Token)) : null);
    }

    /// <summary>Digests of the query's terms; every one must occur in a matching address's tokens.</summary>
    public IReadOnlyList<string> AddressQuery(string keywords) => [.. Indexed(CjkTokens.ForQuery(keywords)).Select(Token)];

    private static IEnumerable<string> Indexed(IEnumerable<string> terms) => terms.Where(t => t.Length > 1 || char.IsAsciiLetterOrDigit(t[0]));

    public string? IdTailDigest(string? idNumber) =>
        string.IsNullOrWhiteSpace(idNumber) ? null : personalData.Digest(IdTail.DigestInput(IdNumber.Normalize(idNumber)));

    public string IdTailQueryDigest(string tail) => personalData.Digest(IdTail.DigestInput(tail));

    private string Token(string term) => personalData.Digest("addr:" + term)[..TokenLength];
}
