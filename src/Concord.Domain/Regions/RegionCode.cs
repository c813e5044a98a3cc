namespace Concord.Domain.Regions;

/// <summary>
/// Region codes are hierarchical digit strings: GB/T 2260 to county (2/4/6 digits), the statistics
/// bureau's extension for towns (9) and villages (12), then Concord's own grid (+3) and
/// 十联户 (household unit, +2) suffixes. A region's code is a prefix of all its descendants' codes,
/// which is what makes data scope a single range comparison.
/// </summary>
public static class RegionCode
{
    private static readonly int[] s_lengths = [2, 4, 6, 9, 12, 15, 17];

    public static int LengthOf(RegionLevel level) => s_lengths[(int)level - 1];

    public static bool TryGetLevel(string? code, out RegionLevel level)
    {
        level = default;
        if (string.IsNullOrEmpty(code) || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var index = Array.IndexOf(s_lengths, code.Length);
        if (index < 0)
        {
            return false;
        }

        level = (RegionLevel)(index + 1);
        return true;
    }

    public static RegionLevel LevelOf(string code) =>
        TryGetLevel(code, out var level) ? level : throw new ArgumentException($"Not a region code: '{code}'.", nameof(code));

    public static string? ParentOf(string code)
    {
        var level = LevelOf(code);
        return level == RegionLevel.Province ? null : code[..LengthOf(level - 1)];
    }

    /// <summary>The code and all its ancestors, province first.</summary>
    public static IReadOnlyList<string> Lineage(string code)
    {
        var level = LevelOf(code);
        var result = new List<string>((int)level);
        for (var l = RegionLevel.Province; l <= level; l++)
        {
            result.Add(code[..LengthOf(l)]);
        }

        return result;
    }

    public static bool IsWithin(string code, string scopeCode) =>
        code.StartsWith(scopeCode, StringComparison.Ordinal);

    /// <summary>Exclusive upper bound of a scope: every descendant code sorts in [scope, UpperBound(scope)).</summary>
    public static string UpperBound(string scopeCode) => scopeCode + ":";

    public static string Grid(string villageCode, int number) => $"{villageCode}{number:000}";

    public static string HouseholdUnit(string gridCode, int number) => $"{gridCode}{number:00}";
}
