using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry;

/// <summary>What every registry handler needs: the scoped database, personal data shown by role, place names and place checks.</summary>
public sealed class RegistryContext(ConcordDb db, PersonalData personalData, RegistrySearch search)
{
    public const int MaxOptions = 3000;

    public ConcordDb Db => db;

    public RegistrySearch Search => search;

    public PersonalData PersonalData => personalData;

    public Actor Actor => db.Actor;

    public bool Unmasked => db.Actor.IsSystem || db.Actor.Can(Permission.PersonalDataUnmasked);

    /// <summary>Personal data as this reader may see it: in clear with <see cref="Permission.PersonalDataUnmasked"/>, masked otherwise.</summary>
    public string? Show(ProtectedValue value) => !value.HasValue ? null : Unmasked ? personalData.Reveal(value) : value.Masked;

    public DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A place given in a form or a file: it must exist in the reader's subtree at one of the
    /// allowed levels. The message does not say whether an invisible code exists.
    /// </summary>
    public async Task<string?> CheckPlaceAsync(string? code, RegionLevel[] levels, string field, FieldErrors errors, CancellationToken ct)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add(field, "请填写所在区划编码。");
            return null;
        }

        if (!RegionCode.TryGetLevel(code, out var level) || !levels.Contains(level))
        {
            errors.Add(field, $"应为{LevelNames(levels)}的编码。");
            return null;
        }

        if (!await db.Regions.AnyAsync(r => r.Code == code, ct))
        {
            errors.Add(field, "未找到该区划，或不在您的管辖范围内。");
            return null;
        }

        return code;
    }

    public static string LevelNames(RegionLevel[] levels) => string.Join("或", levels.Select(l => l switch
    {
        RegionLevel.Village => "村（社区）",
        RegionLevel.Grid => "网格",
        RegionLevel.HouseholdUnit => "十联户",
        _ => Org.BrowseOrg.BrowseOrg.LevelLabel(l),
    }));

    /// <summary>Readable names of places below the county ("西苑居委会 第1网格 第2十联户"); ancestors' names are public.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        var lineage = wanted.SelectMany(c => RegionCode.TryGetLevel(c, out var l) && l > RegionLevel.Town ? RegionCode.Lineage(c).Skip(4) : []).Distinct().ToList();
        var names = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => lineage.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return wanted.ToDictionary(c => c, c => RegionCode.TryGetLevel(c, out var l) && l > RegionLevel.Town
            ? string.Join(" ", RegionCode.Lineage(c).Skip(4).Select(x => names.GetValueOrDefault(x, x)))
            : c, StringComparer.Ordinal);
    }

    public async Task<string> NameAsync(string code, CancellationToken ct) => (await NamesAsync([code], ct))[code];

    /// <summary>Places of the reader's subtree at the given levels, for a form's picker (at most <see cref="MaxOptions"/>).</summary>
    public async Task<IReadOnlyList<PlaceOption>> OptionsAsync(RegionLevel[] levels, CancellationToken ct)
    {
        var codes = await db.Regions.AsNoTracking().Where(r => levels.Contains(r.Level)).OrderBy(r => r.Code)
            .Select(r => r.Code).Take(MaxOptions).ToListAsync(ct);
        var names = await NamesAsync(codes, ct);
        return [.. codes.Select(c => new PlaceOption(c, names[c]))];
    }
}

public sealed record PlaceOption(string Code, string Name);

/// <summary>A page of a registry list.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public static class Paging
{
    /// <summary>A list's URL with its filters and a page number (empty filters left out).</summary>
    public static string Url(int page, params (string Key, string? Value)[] filters) =>
        QueryString.Create(filters.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => new KeyValuePair<string, string?>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string?>("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToUriComponent();

    public static (int Page, int Size) Of(int? page, int? pageSize) => (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));

    public static async Task<Paged<T>> PageAsync<T>(IQueryable<T> query, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Of(page, pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new Paged<T>(items, total, p, size);
    }
}

/// <summary>Latitude and longitude, both or neither, inside China's bounding box.</summary>
public static class Coordinates
{
    public static void Check(double? latitude, double? longitude, FieldErrors errors)
    {
        if (latitude is null != longitude is null)
        {
            errors.Add(latitude is null ? "latitude" : "longitude", "经度和纬度须同时填写或同时留空。");
        }

        if (latitude is { } lat && lat is < 3 or > 54)
        {
            errors.Add("latitude", "纬度应在 3 至 54 之间（中国境内）。");
        }

        if (longitude is { } lon && lon is < 73 or > 136)
        {
            errors.Add("longitude", "经度应在 73 至 136 之间（中国境内）。");
        }
    }
}
