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

    /// <summary>Today's round only (what "my tasks" shows): the first rows and how many there are.</summary>
    public sealed record Round(int Count, IReadOnlyList<Row> First);

    public sealed class Handler(ConcordDb db, RawReads reads, TimeProvider clock, VisitPolicy policy, PersonalData personalData)
    {
        private sealed record Standing(long Id, string RegionCode, ProtectedValue Address, bool Key, string? KeyReason, DateTime? Last);

        public async Task<Result> HandleAsync(CancellationToken ct = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var list = await StandingsAsync(ct);
            var standings = list.ToDictionary(s => s.Id);
            var due = policy.Due([.. list.Select(s => new HouseholdVisitStanding(s.Id, s.Key, s.Last))], now);
            var keys = list.Where(s => s.Key).ToList();
            var names = await NamesAsync(standings, [.. due.Select(d => d.HouseholdId).Concat(keys.Select(s => s.Id))], ct);
            var dueIds = due.Select(d => d.HouseholdId).ToHashSet();
            return new Result(
                standings.Count,
                policy.DailyQuota(standings.Count),
                policy.KeyWindowDays,
                policy.BasicWindowDays,
                [.. due.Select(d => ToRow(standings[d.HouseholdId], d, names))],
                [.. keys.Select(s => new KeyRow(s.Id, s.RegionCode, HouseholdDisplay.Address(s.Address, names.Full, personalData), HouseholdDisplay.Head(names.Heads.GetValueOrDefault(s.Id), names.Full),
                    s.KeyReason, s.Last, dueIds.Contains(s.Id)))]);
        }

        /// <summary>
        /// Today's round, first <paramref name="take"/> rows in visiting order: the same policy as
        /// <see cref="HandleAsync"/>, but names and addresses only for the rows shown.
        /// </summary>
        public async Task<Round> RoundAsync(int take, CancellationToken ct = default)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var list = await StandingsAsync(ct);
            var standings = list.ToDictionary(s => s.Id);
            var today = policy.Due([.. list.Select(s => new HouseholdVisitStanding(s.Id, s.Key, s.Last))], now).Where(d => d.Today).ToList();
            var first = today.Take(take).ToList();
            var names = await NamesAsync(standings, [.. first.Select(d => d.HouseholdId)], ct);
            return new Round(today.Count, [.. first.Select(d => ToRow(standings[d.HouseholdId], d, names))]);
        }

        private Row ToRow(Standing h, DueVisit d, Names names) =>
            new(h.Id, h.RegionCode, names.Units.GetValueOrDefault(h.RegionCode), HouseholdDisplay.Address(h.Address, names.Full, personalData), HouseholdDisplay.Head(names.Heads.GetValueOrDefault(h.Id), names.Full),
                d.Key, h.KeyReason, d.LastVisitedAt, d.DueSince, d.DaysOverdue, d.Today, VisitKinds.Code(d.Key ? VisitKind.WeeklyKey : VisitKind.Daily));

        /// <summary>
        /// The data scope is the worker's grid(s): every household it lets through, in region and id
        /// order. "My tasks" reads this on every open, so it is plain SQL (<see cref="RawReads"/>,
        /// docs/decisions/0008-my-tasks-raw-reads.md), limited by the query filter's bounds.
        /// </summary>
        private async Task<List<Standing>> StandingsAsync(CancellationToken ct)
        {
            var args = new RawReads.Args(db.Actor);
            var sql = $"""
                SELECT h.id, h.region_code, h.address_cipher, h.address_masked, h.address_digest, s.key, s.key_reason, s.last_visited_at
                FROM households h LEFT JOIN household_visit_states s ON s.household_id = h.id AND {RawReads.ScopeSql("s.region_code")}
                WHERE {RawReads.ScopeSql("h.region_code")}
                ORDER BY h.region_code, h.id LIMIT {MaxHouseholds + 1}
                """;
            var standings = new List<Standing>();
            await using (var lease = await reads.RentAsync(ct))
            {
                var cmd = await lease.CommandAsync(sql, args, ct);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    standings.Add(new Standing(
                        r.GetInt64(0),
                        r.GetString(1),
                        new ProtectedValue(r.IsDBNull(2) ? null : (byte[])r.GetValue(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)),
                        !r.IsDBNull(5) && r.GetBoolean(5),
                        r.IsDBNull(6) ? null : r.GetString(6),
                        r.IsDBNull(7) ? null : DateTime.SpecifyKind(r.GetDateTime(7), DateTimeKind.Utc)));
                }
            }

            return standings.Count > MaxHouseholds
                ? throw new DomainException("too_many_households", $"您的管辖范围超过 {MaxHouseholds} 户，待走访清单按网格查看：请使用走访覆盖页面。", 422)
                : standings;
        }

        private sealed record Names(Dictionary<long, string> Heads, Dictionary<string, string> Units, bool Full);

        /// <summary>Heads of household (the first resident) and unit names of the households shown, one batch per 500 households.</summary>
        private async Task<Names> NamesAsync(Dictionary<long, Standing> standings, List<long> shown, CancellationToken ct)
        {
            var heads = new Dictionary<long, string>();
            var units = new Dictionary<string, string>();
            await using var lease = await reads.RentAsync(ct);
            foreach (var chunk in shown.Distinct().Chunk(500))
            {
                // All residents of the chunk's households (a handful each); the first by id is the head.
                var args = new RawReads.Args(db.Actor);
                var unitCodes = chunk.Select(id => standings[id].RegionCode).Distinct().ToList();
                var sql = $"""
                    SELECT household_id, name FROM residents WHERE {RawReads.ScopeSql("region_code")} AND {reads.AnyOf("household_id", "@household", chunk, args)} ORDER BY id;
                    SELECT code, name FROM regions WHERE {RawReads.ScopeSql("code")} AND {reads.AnyOf("code", "@unit", unitCodes, args)}
                    """;
                var cmd = await lease.CommandAsync(sql, args, ct);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    heads.TryAdd(r.GetInt64(0), r.GetString(1));
                }

                await r.NextResultAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    units[r.GetString(0)] = r.GetString(1);
                }
            }

            return new Names(heads, units, HouseholdDisplay.ShowsInFull(db.Actor));
        }
    }
}
