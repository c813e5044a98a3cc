using System.Security.Cryptography;
using System.Text;
using Concord.Domain.Privacy;

namespace Concord.Web.Shared;

/// <summary>
/// Protects ID numbers and phones at rest (SM4-GCM) and gives each a keyed digest (HMAC-SM3)
/// for exact-match lookups. The key comes from configuration (<c>Concord:DataKey</c>, 64 hex
/// characters); without it a key is generated once and kept in the settings table, which is
/// fine for a demo and wrong for production (see docs/decisions/0003-personal-data.md).
/// </summary>
public sealed class PersonalData
{
    private byte[] _encryptionKey = [];
    private byte[] _digestKey = [];

    public bool IsReady => _encryptionKey.Length == 16;

    public void UseKey(byte[] master)
    {
        if (master.Length < 16)
        {
            throw new ArgumentException("The data key needs at least 16 bytes.", nameof(master));
        }

        _encryptionKey = master[..16];
        _digestKey = Sm.Sm3([.. master, .. "digest"u8]);
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public ProtectedValue ProtectIdNumber(string? idNumber) =>
        string.IsNullOrWhiteSpace(idNumber) ? ProtectedValue.None : Protect(IdNumber.Normalize(idNumber), IdNumber.Mask);

    public ProtectedValue ProtectPhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? ProtectedValue.None : Protect(Phone.Normalize(phone), Phone.Mask);

    /// <summary>A person's name where it is personal data (an organisation's contact): 张*华.</summary>
    public ProtectedValue ProtectName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? ProtectedValue.None : Protect(name.Trim(), PersonName.Mask);

    /// <summary>An address: masked to its first six characters; the digest ignores spaces and punctuation.</summary>
    public ProtectedValue ProtectAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return ProtectedValue.None;
        }

        var trimmed = address.Trim();
        var value = Protect(trimmed, a => a.Length <= 6 ? a : a[..6] + "****");
        return value with { Digest = Digest(NormalizeAddress(trimmed)) };
    }

    public static string NormalizeAddress(string address) =>
        new([.. address.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    public string Digest(string normalized) =>
        Convert.ToHexStringLower(Sm.HmacSm3(_digestKey, Encoding.UTF8.GetBytes(normalized)));

    public string? Reveal(ProtectedValue value) =>
        value.Cipher is null ? null : Encoding.UTF8.GetString(Sm.Sm4GcmDecrypt(_encryptionKey, value.Cipher));

    private ProtectedValue Protect(string normalized, Func<string, string> mask)
    {
        if (!IsReady)
        {
            throw new InvalidOperationException("The personal-data key has not been loaded.");
        }

        return new ProtectedValue(Sm.Sm4GcmEncrypt(_encryptionKey, Encoding.UTF8.GetBytes(normalized)), mask(normalized), Digest(normalized));
    }
}
