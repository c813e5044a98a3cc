namespace Concord.Domain.Registry;

/// <summary>
/// Searching residents by the tail of an ID number (身份证号后4–6位), without the full number in
/// clear: the masked form already shows the last four characters to every role, so a 4-character
/// tail is matched against it; a 5- or 6-character tail is matched against a keyed digest of the
/// last six characters (<see cref="DigestInput"/>), which nobody without the data key can reverse.
/// A 5-character tail narrows by the masked form and is confirmed on the decrypted candidates.
/// </summary>
public static class IdTail
{
    public const int Stored = 6;

    /// <summary>True when the search text is a 4–6 character ID tail (digits, the last may be X).</summary>
    public static bool TryParse(string? text, out string tail)
    {
        tail = (text ?? "").Trim().ToUpperInvariant();
        if (tail.Length is < 4 or > Stored)
        {
            return false;
        }

        for (var i = 0; i < tail.Length; i++)
        {
            if (!char.IsAsciiDigit(tail[i]) && !(tail[i] == 'X' && i == tail.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What the keyed digest is taken of: a label and the last six characters.</summary>
    public static string DigestInput(string normalizedIdNumber) =>
        "idtail:" + (normalizedIdNumber.Length <= Stored ? normalizedIdNumber : normalizedIdNumber[^Stored..]);

    /// <summary>The last four characters, as the masked form shows them.</summary>
    public static string LastFour(string tail) => tail[^4..];
}
