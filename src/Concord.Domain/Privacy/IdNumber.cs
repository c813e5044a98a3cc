namespace Concord.Domain.Privacy;

/// <summary>Resident identity card number (公民身份号码, GB 11643-1999): 17 digits and a check character.</summary>
public static class IdNumber
{
    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18 || !value[..17].All(char.IsAsciiDigit))
        {
            return false;
        }

        return CheckCharFor(value[..17]) == char.ToUpperInvariant(value[17]);
    }

    public static char CheckCharFor(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * s_weights[i];
        }

        return CheckChars[sum % 11];
    }

    /// <summary>3408**********1234: region prefix and last four, as staff are used to.</summary>
    public static string Mask(string value) =>
        value.Length < 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];
}
