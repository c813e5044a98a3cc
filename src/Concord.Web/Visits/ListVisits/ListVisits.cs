using Concord.Domain.Regions;
using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.ListVisits;

/// <summary>走访记录: the visits of a grid (or any place of the subtree), a period and a visitor, newest first.</summary>
public static class ListVisits
{
    public sealed record Query(string? Grid, DateOnly? From, DateOnly? To, long? Visitor, int Page = 1, int PageSize = 20);

    public sealed record Row(
        long Id,
        long HouseholdId,
        string RegionCode,
        string Address,
        string Kind,
        string KindLabel,
        DateTime VisitedAt,
        double? Latitude,
        double? Longitude,
        double? Accuracy,
        string Findings,
        bool FollowUpNeeded,
        string? FollowUpNote,
        long? VisitorUserId,
        string VisitorName);

    public sealed record VisitorOption(long Id, string Name);

    public sealed record Result(IReadOnlyList<Row> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<Result> HandleAsync(Query query, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (query.From is { } f && query.To is { } t && f > t)
            {
                errors.Add("to", "结束日期不能早于开始日期。");
            }

            if (query.PageSize is < 1 or > 200)
            {
                errors.Add("pageSize", "每页条数须在 1 到 200 之间。");
            }

            if (query.Page < 1)
            {
                errors.Add("page", "页码从 1 开始。");
            }

            var place = await VisitPlaces.FindAsync(db, query.Grid, errors, "grid", ct);
            errors.ThrowIfAny();

            var visits = db.Visits.AsNoTracking();
            if (place is not null)
            {
                var high = RegionCode.UpperBound(place);
                visits = visits.Where(v => string.Compare(v.RegionCode, place) >= 0 && string.Compare(v.RegionCode, high) < 0);
            }

            if (query.From is { } from)
            {
                var start = ChinaTime.StartOf(from);
                visits = visits.Where(v => v.VisitedAt >= start);
            }

            if (query.To is { } to)
            {
                var end = ChinaTime.StartOf(to.AddDays(1));
                visits = visits.Where(v => v.VisitedAt < end);
            }

            if (query.Visitor is { } visitor)
            {
                visits = visits.Where(v => v.VisitorUserId == visitor);
            }

            var total = await visits.CountAsync(ct);
            var rows = await visits.OrderByDescending(v => v.VisitedAt).ThenByDescending(v => v.Id)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Join(db.Households, v => v.HouseholdId, h => h.Id, (v, h) => new { v, h.Address })
                .ToListAsync(ct);
            var full = HouseholdDisplay.ShowsInFull(db.Actor);
            return new Result(
                [.. rows.Select(x => new Row(x.v.Id, x.v.HouseholdId, x.v.RegionCode, HouseholdDisplay.Address(x.Address, full), VisitKinds.Code(x.v.Kind), VisitKinds.Label(x.v.Kind),
                    x.v.VisitedAt, x.v.Latitude, x.v.Longitude, x.v.AccuracyMeters, x.v.Findings, x.v.FollowUpNeeded, x.v.FollowUpNote, x.v.VisitorUserId, x.v.VisitorName))],
                total, query.Page, query.PageSize);
        }

        /// <summary>The people who logged visits in the subtree, for the visitor filter.</summary>
        public async Task<IReadOnlyList<VisitorOption>> VisitorsAsync(CancellationToken ct = default) =>
            await db.Users.AsNoTracking()
                .Where(u => u.Role == Domain.Identity.Role.GridWorker || u.Role == Domain.Identity.Role.GridLeader || u.Role == Domain.Identity.Role.HouseholdHead)
                .OrderBy(u => u.RegionCode).ThenBy(u => u.Id)
                .Select(u => new VisitorOption(u.Id, u.DisplayName)).Take(500).ToListAsync(ct);
    }
}
