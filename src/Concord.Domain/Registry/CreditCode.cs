namespace Concord.Domain.Registry;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (digits and
/// capitals without I, O, S, V, Z), the last one a check character over the first 17.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18 || value.Any(c => Alphabet.IndexOf(c, StringComparison.Ordinal) < 0))
        {
            return false;
        }

        return CheckCharFor(value[..17]) == value[17];
    }

    public static char CheckCharFor(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * s_weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
