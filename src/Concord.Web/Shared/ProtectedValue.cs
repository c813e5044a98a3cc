namespace Concord.Web.Shared;

/// <summary>
/// Personal data at rest (ID numbers, phones): SM4-GCM ciphertext, the masked form for
/// display, and a keyed SM3 digest for exact-match lookups (repeat-dispute detection) without
/// decrypting. Stored as three columns of the owning row.
/// </summary>
public sealed record ProtectedValue(byte[]? Cipher, string? Masked, string? Digest)
{
    public static readonly ProtectedValue None = new(null, null, null);

    public bool HasValue => Cipher is not null;
}
