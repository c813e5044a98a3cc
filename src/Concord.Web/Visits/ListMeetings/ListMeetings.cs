using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.ListMeetings;

/// <summary>周研判 meetings of the subtree (or of one place in it), newest first, with their open and overdue items.</summary>
public static class ListMeetings
{
    public sealed record Query(string? Region, int Page = 1, int PageSize = 20);

    public sealed record Row(long Id, string RegionCode, string RegionName, DateOnly HeldOn, string Place, string RecordedByName, int Items, int OpenItems, int OverdueItems);

    public sealed record Result(IReadOnlyList<Row> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (query.PageSize is < 1 or > 200)
            {
                errors.Add("pageSize", "每页条数须在 1 到 200 之间。");
            }

            if (query.Page < 1)
            {
                errors.Add("page", "页码从 1 开始。");
            }

            var place = await VisitPlaces.FindAsync(db, query.Region, errors, "region", ct);
            errors.ThrowIfAny();
            var meetings = db.ReviewMeetings.AsNoTracking();
            if (place is not null)
            {
                var high = RegionCode.UpperBound(place);
                meetings = meetings.Where(m => string.Compare(m.RegionCode, place) >= 0 && string.Compare(m.RegionCode, high) < 0);
            }

            var today = ChinaTime.Today(clock);
            var total = await meetings.CountAsync(ct);
            var rows = await meetings.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Select(m => new
                {
                    m.Id,
                    m.RegionCode,
                    m.HeldOn,
                    m.Place,
                    m.RecordedByName,
                    Items = m.Items.Count,
                    Open = m.Items.Count(i => i.Status == ReviewItemStatus.Open),
                    Overdue = m.Items.Count(i => i.Status == ReviewItemStatus.Open && i.DueOn < today),
                }).ToListAsync(ct);
            var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
            var names = await PlaceNamesAsync(db, codes, ct);
            return new Result([.. rows.Select(r => new Row(r.Id, r.RegionCode, names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.HeldOn, r.Place, r.RecordedByName, r.Items, r.Open, r.Overdue))],
                total, query.Page, query.PageSize);
        }

        /// <summary>"西苑居委会 第1网格" for a grid, the village's name for a village.</summary>
        internal static async Task<Dictionary<string, string>> PlaceNamesAsync(ConcordDb db, List<string> codes, CancellationToken ct)
        {
            var all = codes.Concat(codes.Where(c => c.Length == RegionCode.LengthOf(RegionLevel.Grid)).Select(c => c[..RegionCode.LengthOf(RegionLevel.Village)])).Distinct().ToList();
            var names = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => all.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            return codes.ToDictionary(c => c, c =>
            {
                var own = names.GetValueOrDefault(c, c);
                return c.Length == RegionCode.LengthOf(RegionLevel.Grid) && names.TryGetValue(c[..RegionCode.LengthOf(RegionLevel.Village)], out var village) ? $"{village} {own}" : own;
            });
        }
    }
}
