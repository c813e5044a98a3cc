using System.Globalization;

namespace Concord.Domain.Cases;

/// <summary>
/// 一案一码: one code for a case's whole life, county code + year + sequence within the county
/// and year, e.g. <c>340881-2026-000123</c>. Dashes keep it readable over the phone.
/// </summary>
public static class CaseCode
{
    public static string Format(string countyCode, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{countyCode}-{year:0000}-{sequence:000000}");

    public static bool TryParse(string? code, out string countyCode, out int year, out long sequence)
    {
        countyCode = "";
        year = 0;
        sequence = 0;
        var parts = code?.Split('-');
        if (parts is not { Length: 3 } || parts[0].Length != 6 || !parts[0].All(char.IsAsciiDigit))
        {
            return false;
        }

        countyCode = parts[0];
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && parts[1].Length == 4 && sequence > 0;
    }
}
