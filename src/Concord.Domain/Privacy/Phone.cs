namespace Concord.Domain.Privacy;

/// <summary>Mainland mobile (11 digits starting 1) or fixed-line (area code, 7–8 digits) numbers.</summary>
public static class Phone
{
    public static string Normalize(string value) =>
        new(value.Where(c => char.IsAsciiDigit(c)).ToArray());

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(c => !char.IsAsciiDigit(c) && c is not ('-' or ' ')))
        {
            return false;
        }

        var digits = Normalize(value);
        return (digits.Length == 11 && digits[0] == '1') || (digits.Length is >= 10 and <= 12 && digits[0] == '0');
    }

    /// <summary>138****0000.</summary>
    public static string Mask(string digits) =>
        digits.Length < 7 ? new string('*', digits.Length) : digits[..3] + new string('*', digits.Length - 7) + digits[^4..];

    public static string LastFour(string digits) => digits.Length >= 4 ? digits[^4..] : digits;
}
