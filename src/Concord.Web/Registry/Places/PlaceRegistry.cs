using Concord.Domain.Regions;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Places;

/// <summary>地: places and buildings of the reader's subtree. The pages and /api/registry/places call this handler.</summary>
public static class PlaceRegistry
{
    public static readonly RegionLevel[] Levels = [RegionLevel.Village, RegionLevel.Grid];

    public sealed record Input(string? Name, string? Kind, string? RegionCode, string? Address, double? Latitude, double? Longitude);

    public sealed record View(long Id, string Name, string Kind, string KindLabel, string RegionCode, string RegionName, string Address,
        double? Latitude, double? Longitude, DateTime UpdatedAt);

    /// <summary>Everything but the place's existence (checked against the database, one row or a whole file at a time).</summary>
    public static PlaceKind Validate(Input input, FieldErrors errors)
    {
        Text.Required(input.Name, "name", "名称", 100, errors);
        Text.Required(input.Address, "address", "地址", 200, errors);
        if (!RegistryLabels.TryParse(RegistryLabels.PlaceKinds, input.Kind, out var kind))
        {
            errors.Add("kind", "请选择场所类型。");
        }

        Coordinates.Check(input.Latitude, input.Longitude, errors);
        return kind;
    }

    public static Place NewPlace(Input input, PlaceKind kind, string regionCode, DateTime now) => new()
    {
        RegionCode = regionCode,
        Name = input.Name!.Trim(),
        Kind = kind,
        Address = input.Address!.Trim(),
        Latitude = input.Latitude,
        Longitude = input.Longitude,
        UpdatedAt = now,
    };

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<Paged<View>> ListAsync(string? q, string? regionCode, int? page, int? pageSize, CancellationToken ct = default)
        {
            var places = Db.Places.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q))
            {
                var k = q.Trim();
                places = places.Where(p => p.Name.Contains(k) || p.Address.Contains(k));
            }

            if (!string.IsNullOrWhiteSpace(regionCode))
            {
                places = places.Where(p => p.RegionCode.StartsWith(regionCode.Trim()));
            }

            var rows = await Paging.PageAsync(places.OrderBy(p => p.RegionCode).ThenBy(p => p.Id), page, pageSize, ct);
            var names = await registry.NamesAsync(rows.Items.Select(p => p.RegionCode), ct);
            return new Paged<View>([.. rows.Items.Select(p => ToView(p, names[p.RegionCode]))], rows.Total, rows.Page, rows.PageSize);
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var p = await Db.Places.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该场所");
            return ToView(p, await registry.NameAsync(p.RegionCode, ct));
        }

        public async Task<long> CreateAsync(Input input, CancellationToken ct = default)
        {
            var (kind, code) = await ValidateAsync(input, ct);
            var place = NewPlace(input, kind, code, registry.Now);
            Db.Places.Add(place);
            Db.AuditNew("registry.place_created", place, new { place.Name, place.RegionCode, kind = place.Kind.ToString() });
            await Db.SaveChangesAsync(ct);
            return place.Id;
        }

        public async Task UpdateAsync(long id, Input input, CancellationToken ct = default)
        {
            var place = await Db.Places.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该场所");
            var (kind, code) = await ValidateAsync(input, ct);
            place.Name = input.Name!.Trim();
            place.Kind = kind;
            place.RegionCode = code;
            place.Address = input.Address!.Trim();
            place.Latitude = input.Latitude;
            place.Longitude = input.Longitude;
            place.UpdatedAt = registry.Now;
            Db.Audit("registry.place_updated", nameof(Place), id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { place.Name, place.RegionCode, kind = place.Kind.ToString() });
            await Db.SaveChangesAsync(ct);
        }

        private async Task<(PlaceKind, string)> ValidateAsync(Input input, CancellationToken ct)
        {
            var errors = new FieldErrors();
            var kind = Validate(input, errors);
            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            errors.ThrowIfAny();
            return (kind, code!);
        }

        private static View ToView(Place p, string regionName) =>
            new(p.Id, p.Name, p.Kind.ToString(), RegistryLabels.Of(p.Kind), p.RegionCode, regionName, p.Address, p.Latitude, p.Longitude, p.UpdatedAt);
    }
}
