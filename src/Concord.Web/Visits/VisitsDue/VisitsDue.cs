using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.VisitsDue;

/// <summary>
/// 待走访: the households of the worker's grid(s) — the actor's subtree — that the visit policy
/// (<see cref="VisitPolicy"/>: key households weekly, every household within 30 days) says are
/// due, in the order to visit them, with today's round marked. The "my tasks" page uses it too.
/// </summary>
public static class VisitsDue
{
    public sealed record Row(
        long HouseholdId,
        string RegionCode,
        string? UnitName,
        string Address,
        string? Head,
        bool Key,
        string? KeyReason,
        DateTime? LastVisitedAt,
        DateTime? DueSince,
        int? DaysOverdue,
        bool Today,
        string SuggestedKind);

    public sealed record KeyRow(long HouseholdId, string RegionCode, string Address, string? Head, string? KeyReason, DateTime? LastVisitedAt, bool Due);

    /// <param name="Households">Households of the actor's subtree.</param>
    /// <param name="DailyQuota">Ordinary households per working day that cover them all within the basic window.</param>
    public sealed record Result(int Households, int DailyQuota, int KeyWindowDays, int BasicWindowDays, IReadOnlyList<Row> Due, IReadOnlyList<KeyRow> KeyHouseholds);

    /// <summary>A worker's round covers one or a few grids; a page never needs more than this many households.</summary>
    public const int MaxHouseholds = 5_000;

    public sealed class Handler(ConcordDb db, TimeProvider clock, VisitPolicy policy)
    {
        public async Task<Result> HandleAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // The data scope is the worker's grid(s): every household the filter lets through.
            var standings = await (
                from h in db.Households.AsNoTracking()
                join s in db.HouseholdVisitStates on h.Id equals s.HouseholdId into states
                from s in states.DefaultIfEmpty()
                orderby h.RegionCode, h.Id
                select new { h.Id, h.RegionCode, h.Address, Key = s != null && s.Key, KeyReason = s == null ? null : s.KeyReason, Last = s == null ? null : s.LastVisitedAt })
                .Take(MaxHouseholds + 1).ToListAsync(ct);
            if (standings.Count > MaxHouseholds)
            {
                throw new DomainException("too_many_households", $"您的管辖范围超过 {MaxHouseholds} 户，待走访清单按网格查看：请使用走访覆盖页面。", 422);
            }

            var byId = standings.ToDictionary(s => s.Id);
            var due = policy.Due([.. standings.Select(s => new HouseholdVisitStanding(s.Id, s.Key, s.Last))], now);
            var shown = due.Select(d => d.HouseholdId).Concat(standings.Where(s => s.Key).Select(s => s.Id)).ToHashSet();
            var heads = await HeadsAsync([.. shown], ct);
            var unitCodes = shown.Select(id => byId[id].RegionCode).Distinct().ToList();
            var units = await db.Regions.AsNoTracking().Where(r => unitCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            var full = HouseholdDisplay.ShowsInFull(db.Actor);
            var dueIds = due.Select(d => d.HouseholdId).ToHashSet();
            return new Result(
                standings.Count,
                policy.DailyQuota(standings.Count),
                policy.KeyWindowDays,
                policy.BasicWindowDays,
                [.. due.Select(d =>
                {
                    var h = byId[d.HouseholdId];
                    return new Row(h.Id, h.RegionCode, units.GetValueOrDefault(h.RegionCode), HouseholdDisplay.Address(h.Address, full), HouseholdDisplay.Head(heads.GetValueOrDefault(h.Id), full),
                        d.Key, h.KeyReason, d.LastVisitedAt, d.DueSince, d.DaysOverdue, d.Today, VisitKinds.Code(d.Key ? VisitKind.WeeklyKey : VisitKind.Daily));
                })],
                [.. standings.Where(s => s.Key).Select(s => new KeyRow(s.Id, s.RegionCode, HouseholdDisplay.Address(s.Address, full), HouseholdDisplay.Head(heads.GetValueOrDefault(s.Id), full),
                    s.KeyReason, s.Last, dueIds.Contains(s.Id)))]);
        }

        private async Task<Dictionary<long, string>> HeadsAsync(List<long> ids, CancellationToken ct)
        {
            var heads = new Dictionary<long, string>();
            foreach (var chunk in ids.Chunk(500))
            {
                var rows = await db.Residents.AsNoTracking().Where(r => chunk.Contains(r.HouseholdId))
                    .GroupBy(r => r.HouseholdId).Select(g => new { g.Key, Id = g.Min(r => r.Id) }).ToListAsync(ct);
                var firstIds = rows.Select(r => r.Id).ToList();
                foreach (var r in await db.Residents.AsNoTracking().Where(r => firstIds.Contains(r.Id)).Select(r => new { r.HouseholdId, r.Name }).ToListAsync(ct))
                {
                    heads[r.HouseholdId] = r.Name;
                }
            }

            return heads;
        }
    }
}
