using Concord.Domain.Events;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events.ListEvents;

/// <summary>
/// The event list: filters by status (or "open"), class or item, place (a grid, village or
/// town: everything under it), overdue, and — for the centre's dispatch console and the
/// department inbox — the department. Scope is the DbContext's; a department handler sees only
/// what was dispatched to it (<see cref="EventAccess"/>).
/// </summary>
public static class ListEvents
{
    public sealed record Query(string? Status = null, string? Category = null, string? Region = null, bool Overdue = false, long? DepartmentOrgUnitId = null, int Page = 1, int PageSize = 20);

    public sealed record Row(string Code, string ItemCode, string ItemName, string Status, string StatusLabel, string RegionCode, string RegionName, string? Address, string Channel,
        string ReporterName, DateTime ReportedAt, DateTime? DueAt, bool Overdue, string? DepartmentName, string? CaseCode);

    public sealed record Page(IReadOnlyList<Row> Items, int Total, int PageNumber, int PageSize);

    /// <summary>"open": not yet ended; otherwise a status name.</summary>
    public const string Open = "open";

    private static readonly EventStatus[] s_ended = [.. Enum.GetValues<EventStatus>().Where(EventLifecycle.IsEnded)];

    public sealed class Handler(ConcordDb db, EventAccess access, TimeProvider clock)
    {
        public async Task<Page> HandleAsync(Query query, CancellationToken ct = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var size = Math.Clamp(query.PageSize, 1, 100);
            var number = Math.Max(1, query.Page);
            var q = access.Visible().AsNoTracking();
            if (string.Equals(query.Status, Open, StringComparison.OrdinalIgnoreCase))
            {
                q = q.Where(e => !s_ended.Contains(e.Status));
            }
            else if (Enum.TryParse<EventStatus>(query.Status, ignoreCase: true, out var status) && Enum.IsDefined(status))
            {
                q = q.Where(e => e.Status == status);
            }

            if (query.Category is { Length: 6 } item)
            {
                q = q.Where(e => e.ItemCode == item);
            }
            else if (query.Category is { Length: 2 or 4 } prefix && prefix.All(char.IsAsciiDigit))
            {
                var high = prefix + ":";
                q = q.Where(e => string.Compare(e.ItemCode, prefix) >= 0 && string.Compare(e.ItemCode, high) < 0);
            }

            if (RegionCode.TryGetLevel(query.Region, out _))
            {
                var low = query.Region!;
                var high = RegionCode.UpperBound(low);
                q = q.Where(e => string.Compare(e.RegionCode, low) >= 0 && string.Compare(e.RegionCode, high) < 0);
            }

            if (query.Overdue)
            {
                q = q.Where(e => e.DueAt < now);
            }

            if (query.DepartmentOrgUnitId is { } department)
            {
                q = q.Where(e => e.DepartmentOrgUnitId == department);
            }

            var total = await q.CountAsync(ct);
            var rows = await q.OrderByDescending(e => e.Id).Skip((number - 1) * size).Take(size)
                .Select(e => new
                {
                    e.Id,
                    e.Code,
                    e.ItemCode,
                    e.Status,
                    e.RegionCode,
                    e.Address,
                    e.Channel,
                    e.ReporterName,
                    e.ReporterUserId,
                    e.ReportedAt,
                    e.DepartmentOrgUnitId,
                    e.CaseCode,
                    Due = e.DueAt,
                })
                .ToListAsync(ct);
            var regionCodes = rows.Select(r => r.RegionCode).Distinct().ToList();
            var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, ct);
            var parentCodes = regions.Values.Where(r => r.ParentCode is not null).Select(r => r.ParentCode!).Distinct().ToList();
            var parents = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => parentCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            var departmentIds = rows.Select(r => r.DepartmentOrgUnitId).OfType<long>().Distinct().ToList();
            var departments = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => departmentIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            return new Page(
                [.. rows.Select(r => new Row(
                    r.Code,
                    r.ItemCode,
                    EventTaxonomy.NameOf(r.ItemCode),
                    r.Status.ToString(),
                    EventLifecycle.Label(r.Status),
                    r.RegionCode,
                    PlaceName(r.RegionCode, regions, parents),
                    r.Address,
                    EventChannels.Label(r.Channel),
                    r.ReporterUserId is null ? PersonName.Mask(r.ReporterName) : r.ReporterName,
                    r.ReportedAt,
                    r.Due,
                    r.Due is { } due && due < now,
                    r.DepartmentOrgUnitId is { } d ? departments.GetValueOrDefault(d) : null,
                    r.CaseCode))],
                total,
                number,
                size);
        }

        /// <summary>A grid reads as "西苑居委会 第1网格"; a village as its own name.</summary>
        private static string PlaceName(string code, Dictionary<string, Regions.Region> regions, Dictionary<string, string> parents) =>
            regions.TryGetValue(code, out var r)
                ? r.Level == RegionLevel.Grid && r.ParentCode is { } p && parents.TryGetValue(p, out var parent) ? $"{parent} {r.Name}" : r.Name
                : code;
    }
}
