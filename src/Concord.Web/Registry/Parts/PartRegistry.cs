using System.Globalization;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Parts;

/// <summary>物: city parts (部件) of the reader's subtree. The pages and /api/registry/parts call this handler.</summary>
public static class PartRegistry
{
    public static readonly RegionLevel[] Levels = [RegionLevel.Village, RegionLevel.Grid];

    public sealed record Input(string? KindCode, string? Name, string? RegionCode, string? Location, string? OwnerDepartment, string? State,
        double? Latitude, double? Longitude);

    public sealed record View(long Id, string KindCode, string KindName, string Name, string RegionCode, string RegionName, string Location,
        string OwnerDepartment, string State, string StateLabel, double? Latitude, double? Longitude, DateTime UpdatedAt);

    public static CityPartState Validate(Input input, FieldErrors errors)
    {
        if (!PartKinds.IsValid(input.KindCode?.Trim()))
        {
            errors.Add("kindCode", "部件类别代码应为 4 位数字（大类 01–06 + 小类），如 0101 上水井盖。");
        }

        Text.Required(input.Name, "name", "部件名称", 100, errors);
        Text.Required(input.Location, "location", "位置描述", 200, errors);
        Text.Required(input.OwnerDepartment, "ownerDepartment", "主管部门", 100, errors);
        var state = CityPartState.Intact;
        if (!string.IsNullOrWhiteSpace(input.State) && !RegistryLabels.TryParse(RegistryLabels.PartStates, input.State, out state))
        {
            errors.Add("state", "状态应为：完好、损坏、丢失或废弃。");
        }

        Coordinates.Check(input.Latitude, input.Longitude, errors);
        return state;
    }

    public static CityPart NewPart(Input input, CityPartState state, string regionCode, DateTime now) => new()
    {
        RegionCode = regionCode,
        KindCode = input.KindCode!.Trim(),
        Name = input.Name!.Trim(),
        Location = input.Location!.Trim(),
        OwnerDepartment = input.OwnerDepartment!.Trim(),
        State = state,
        Latitude = input.Latitude,
        Longitude = input.Longitude,
        UpdatedAt = now,
    };

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<Paged<View>> ListAsync(string? q, string? regionCode, string? state, int? page, int? pageSize, CancellationToken ct = default)
        {
            var parts = Db.CityParts.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q))
            {
                var k = q.Trim();
                parts = parts.Where(p => p.Name.Contains(k) || p.Location.Contains(k) || p.KindCode == k);
            }

            if (!string.IsNullOrWhiteSpace(regionCode))
            {
                parts = parts.Where(p => p.RegionCode.StartsWith(regionCode.Trim()));
            }

            if (RegistryLabels.TryParse(RegistryLabels.PartStates, state, out var s))
            {
                parts = parts.Where(p => p.State == s);
            }

            var rows = await Paging.PageAsync(parts.OrderBy(p => p.RegionCode).ThenBy(p => p.Id), page, pageSize, ct);
            var names = await registry.NamesAsync(rows.Items.Select(p => p.RegionCode), ct);
            return new Paged<View>([.. rows.Items.Select(p => ToView(p, names[p.RegionCode]))], rows.Total, rows.Page, rows.PageSize);
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var p = await Db.CityParts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该部件");
            return ToView(p, await registry.NameAsync(p.RegionCode, ct));
        }

        public async Task<long> CreateAsync(Input input, CancellationToken ct = default)
        {
            var (state, code) = await ValidateAsync(input, ct);
            var part = NewPart(input, state, code, registry.Now);
            Db.CityParts.Add(part);
            Db.AuditNew("registry.part_created", part, new { part.KindCode, part.Name, part.RegionCode, state = part.State.ToString() });
            await Db.SaveChangesAsync(ct);
            return part.Id;
        }

        public async Task UpdateAsync(long id, Input input, CancellationToken ct = default)
        {
            var part = await Db.CityParts.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该部件");
            var (state, code) = await ValidateAsync(input, ct);
            var fresh = NewPart(input, state, code, registry.Now);
            part.KindCode = fresh.KindCode;
            part.Name = fresh.Name;
            part.RegionCode = fresh.RegionCode;
            part.Location = fresh.Location;
            part.OwnerDepartment = fresh.OwnerDepartment;
            part.State = fresh.State;
            part.Latitude = fresh.Latitude;
            part.Longitude = fresh.Longitude;
            part.UpdatedAt = fresh.UpdatedAt;
            Db.Audit("registry.part_updated", nameof(CityPart), id.ToString(CultureInfo.InvariantCulture), new { part.KindCode, part.Name, part.RegionCode, state = part.State.ToString() });
            await Db.SaveChangesAsync(ct);
        }

        private async Task<(CityPartState, string)> ValidateAsync(Input input, CancellationToken ct)
        {
            var errors = new FieldErrors();
            var state = Validate(input, errors);
            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            errors.ThrowIfAny();
            return (state, code!);
        }

        private static View ToView(CityPart p, string regionName) =>
            new(p.Id, p.KindCode, PartKinds.NameOf(p.KindCode) ?? PartKinds.MajorClasses.GetValueOrDefault(p.KindCode[..2], ""), p.Name, p.RegionCode, regionName,
                p.Location, p.OwnerDepartment, p.State.ToString(), RegistryLabels.Of(p.State), p.Latitude, p.Longitude, p.UpdatedAt);
    }
}
