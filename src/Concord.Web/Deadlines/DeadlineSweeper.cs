using Concord.Domain.Deadlines;
using Concord.Domain.Regions;
using Concord.Web.Calendar;
using Concord.Web.Cases;
using Concord.Web.Notifications;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Deadlines;

/// <summary>
/// Walks every due deadline up its ladder: reminder before due → overdue warning → escalation
/// (督办) one level up the tree, again each period. Reads only rows whose indexed
/// <c>next_action_at</c> has passed, so its work follows what is due, not how many cases are
/// open; a sweep with nothing due is one index probe. Safe with several app instances: each
/// batch runs in the write transaction (write gate + PostgreSQL advisory lock) and on
/// PostgreSQL also locks its rows with <c>FOR UPDATE SKIP LOCKED</c>; every row is re-judged
/// under the lock, and a processed row's next action moves past "now", so a second sweep at
/// the same time finds nothing to do.
/// </summary>
public sealed partial class DeadlineSweeper(
    IDbContextFactory<ConcordDb> contexts,
    ISmsSender sms,
    TimeProvider clock,
    ReadyState ready,
    IConfiguration configuration,
    ILogger<DeadlineSweeper> log) : BackgroundService
{
    public const int BatchSize = 200;

    public sealed record SweepResult(int Processed, int Reminded, int Warned, int Escalated)
    {
        public static readonly SweepResult None = new(0, 0, 0, 0);

        public static SweepResult operator +(SweepResult a, SweepResult b) =>
            new(a.Processed + b.Processed, a.Reminded + b.Reminded, a.Warned + b.Warned, a.Escalated + b.Escalated);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Concord:Sweeper:Enabled", true))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Concord:Sweeper:IntervalSeconds", 30)));
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!ready.IsReady)
            {
                continue;
            }

            try
            {
                var result = await SweepOnceAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (result.Processed > 0)
                {
                    log.LogInformation("Deadline sweep: {Reminded} reminded, {Warned} warned, {Escalated} escalated.", result.Reminded, result.Warned, result.Escalated);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a failed batch rolled back as a whole.
                log.LogError(ex, "Deadline sweep failed.");
            }
        }
    }

    /// <summary>Processes everything due at <paramref name="nowUtc"/>, batch by batch: case deadlines, then event deadlines.</summary>
    public async Task<SweepResult> SweepOnceAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var total = SweepResult.None;
        while (true)
        {
            var (selected, result) = await SweepBatchAsync(nowUtc, ct);
            total += result;
            if (selected < BatchSize)
            {
                break;
            }
        }

        while (true)
        {
            var (selected, result) = await SweepEventBatchAsync(nowUtc, ct);
            total += result;
            if (selected < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<(int Selected, SweepResult Result)> SweepBatchAsync(DateTime now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext().ActAs(Actor.System());

        // The probe outside the write gate: an idle sweep costs one index seek and blocks no writer.
        if (!await db.CaseDeadlines.IgnoreQueryFilters().AnyAsync(d => d.NextActionAt <= now, ct))
        {
            return (0, SweepResult.None);
        }

        await using var write = await db.BeginWriteAsync(ct);
        var due = await SelectDueAsync(db, now, ct);
        if (due.Count == 0)
        {
            return (0, SweepResult.None);
        }

        var ladder = await Ladder.LoadAsync(db, sms, due, now, ct);
        var result = SweepResult.None;
        foreach (var deadline in due)
        {
            result += ladder.Advance(deadline);
        }

        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return (due.Count, result);
    }

    /// <summary>
    /// Due rows in next-action order, read through the next_action_at index. On PostgreSQL the
    /// rows are locked and rows another transaction holds are skipped, not waited for.
    /// </summary>
    private static Task<List<CaseDeadline>> SelectDueAsync(ConcordDb db, DateTime now, CancellationToken ct) =>
        db.IsPostgres
            ? db.CaseDeadlines.FromSql($"SELECT * FROM case_deadlines WHERE next_action_at <= {now} ORDER BY next_action_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .IgnoreQueryFilters().ToListAsync(ct)
            : db.CaseDeadlines.IgnoreQueryFilters().Where(d => d.NextActionAt <= now)
                .OrderBy(d => d.NextActionAt).Take(BatchSize).ToListAsync(ct);

    /// <summary>One batch's lookups (cases, handling organisations, centres, staff phones) and the steps it takes.</summary>
    private sealed class Ladder
    {
        private readonly ConcordDb _db;
        private readonly ISmsSender _sms;
        private readonly DateTime _now;
        private Dictionary<long, CaseRow> _cases = [];
        private Dictionary<long, OrgRow> _orgsById = [];
        private Dictionary<string, OrgRow> _orgsByCode = [];
        private ILookup<long, string> _phones = Array.Empty<(long, string)>().ToLookup(p => p.Item1, p => p.Item2);
        private HashSet<(long CaseId, string Region)> _openTasks = [];

        private Ladder(ConcordDb db, ISmsSender sms, DateTime now)
        {
            _db = db;
            _sms = sms;
            _now = now;
        }

        private sealed record CaseRow(long Id, string Code, string RegionCode, long? HandlingOrgUnitId);

        private sealed record OrgRow(long Id, string Code, string Name, string RegionCode, OrgUnitKind Kind);

        public static async Task<Ladder> LoadAsync(ConcordDb db, ISmsSender sms, List<CaseDeadline> due, DateTime now, CancellationToken ct)
        {
            var ladder = new Ladder(db, sms, now);
            var caseIds = due.Select(d => d.CaseId).Distinct().ToList();
            ladder._cases = await db.Cases.IgnoreQueryFilters().AsNoTracking().Where(c => caseIds.Contains(c.Id))
                .Select(c => new CaseRow(c.Id, c.Code, c.RegionCode, c.LeadOrgUnitId ?? c.ReceivingOrgUnitId))
                .ToDictionaryAsync(c => c.Id, ct);

            var orgIds = ladder._cases.Values.Select(c => c.HandlingOrgUnitId).OfType<long>().Distinct().ToList();
            var handling = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .Select(o => new OrgRow(o.Id, o.Code, o.Name, o.RegionCode, o.Kind)).ToListAsync(ct);

            // Every centre a step could address: along the lineage of each handling place, and of
            // each case's place for cases that no organisation has taken yet.
            var places = handling.Select(o => o.RegionCode).Concat(ladder._cases.Values.Select(c => c.RegionCode));
            var centreCodes = places.SelectMany(p => RegionCode.Lineage(p)).Distinct().Select(CentreCode).ToList();
            var centres = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => centreCodes.Contains(o.Code))
                .Select(o => new OrgRow(o.Id, o.Code, o.Name, o.RegionCode, o.Kind)).ToListAsync(ct);
            ladder._orgsById = handling.Concat(centres).DistinctBy(o => o.Id).ToDictionary(o => o.Id);
            ladder._orgsByCode = ladder._orgsById.Values.ToDictionary(o => o.Code, StringComparer.Ordinal);

            var staffOrgs = ladder._orgsById.Keys.ToList();
            var phones = await db.Users.IgnoreQueryFilters().AsNoTracking()
                .Where(u => staffOrgs.Contains(u.OrgUnitId) && u.PhoneNumber != null)
                .Select(u => new { u.OrgUnitId, u.PhoneNumber }).ToListAsync(ct);
            ladder._phones = phones.ToLookup(p => p.OrgUnitId, p => p.PhoneNumber!);

            var open = await db.SupervisionTasks.IgnoreQueryFilters().AsNoTracking()
                .Where(t => t.CaseId != null && caseIds.Contains(t.CaseId.Value) && t.ResolvedAt == null)
                .Select(t => new { t.CaseId, t.RegionCode }).ToListAsync(ct);
            ladder._openTasks = [.. open.Select(t => (t.CaseId!.Value, t.RegionCode))];
            return ladder;
        }

        public static string CentreCode(string region) => $"{region}-ZZZX";

        /// <summary>
        /// Takes the steps due now. A deadline the sweeper has not seen for several periods (the
        /// service was down) is caught up in one go: the warning once and the escalation once,
        /// counted for every period that passed, so nobody gets a burst of identical messages.
        /// </summary>
        public SweepResult Advance(CaseDeadline deadline)
        {
            var state = deadline.ToState();
            var steps = new List<DeadlineStep>();
            if (deadline.MetAt is null)
            {
                while (Sla.StepDue(state, _now) is { } step)
                {
                    state = Sla.Apply(state, step);
                    steps.Add(step);
                }
            }

            deadline.Apply(state);
            if (steps.Count == 0 || !_cases.TryGetValue(deadline.CaseId, out var c))
            {
                // Met, or re-judged under the lock and found already done: only the schedule is repaired.
                return SweepResult.None;
            }

            var handling = HandlingOrg(c);
            string? supervising = null;
            if (steps.Contains(DeadlineStep.Reminded))
            {
                Remind(deadline, c, handling);
            }

            if (steps.Contains(DeadlineStep.Warned))
            {
                Warn(deadline, c, handling);
            }

            if (steps.Contains(DeadlineStep.Escalated))
            {
                supervising = Escalate(deadline, c, handling);
            }

            var last = steps[^1];
            _db.Audit($"deadline.{last.ToString().ToLowerInvariant()}", nameof(CaseDeadline), deadline.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new
            {
                caseCode = c.Code,
                stage = deadline.Stage.ToString(),
                steps = steps.Select(s => s.ToString()),
                deadline.DueAt,
                deadline.Escalations,
                deadline.NextActionAt,
                handlingOrg = handling?.Code,
                supervisingRegion = supervising,
            });
            return new SweepResult(1, steps.Count(s => s == DeadlineStep.Reminded), steps.Count(s => s == DeadlineStep.Warned), steps.Contains(DeadlineStep.Escalated) ? 1 : 0);
        }

        private OrgRow? HandlingOrg(CaseRow c) =>
            c.HandlingOrgUnitId is { } id && _orgsById.TryGetValue(id, out var org) ? org : CentreAtOrAbove(c.RegionCode);

        /// <summary>The nearest centre at or above a place (a grid's place is its village).</summary>
        private OrgRow? CentreAtOrAbove(string region)
        {
            foreach (var code in RegionCode.Lineage(region).Reverse())
            {
                if (_orgsByCode.TryGetValue(CentreCode(code), out var centre))
                {
                    return centre;
                }
            }

            return null;
        }

        private void Remind(CaseDeadline d, CaseRow c, OrgRow? handling)
        {
            var stage = DeadlineTexts.StageLabel(d.Stage);
            Notify(handling, "deadline.reminder", $"案件 {c.Code} 的{stage}期限将于 {Fmt.Time(d.DueAt)} 到期，请及时办理。", c);
            if (handling is not null)
            {
                foreach (var phone in _phones[handling.Id].Distinct(StringComparer.Ordinal))
                {
                    _sms.Queue(_db, phone, $"【和合】案件{c.Code}的{stage}期限将于{Fmt.Time(d.DueAt)}到期，请及时办理。");
                }
            }

            Timeline(c, "reminded", $"{stage}期限将于 {Fmt.Time(d.DueAt)} 到期，已提醒{handling?.Name ?? "承办单位"}。");
        }

        private void Warn(CaseDeadline d, CaseRow c, OrgRow? handling)
        {
            var stage = DeadlineTexts.StageLabel(d.Stage);
            var text = $"案件 {c.Code} 的{stage}期限已于 {Fmt.Time(d.DueAt)} 超期，请立即办理。";
            Notify(handling, "deadline.overdue", text, c);
            var centre = handling is null ? null : CentreAtOrAbove(handling.RegionCode);
            if (centre is not null && centre.Id != handling?.Id)
            {
                Notify(centre, "deadline.overdue", $"{handling?.Name}承办的{text}", c);
            }

            Timeline(c, "overdue", $"{stage}期限已超期（应于 {Fmt.Time(d.DueAt)} 前完成），已向{handling?.Name ?? "承办单位"}发出超期预警。");
        }

        /// <summary>
        /// The n-th escalation goes n levels above the handling place (a grid counts as its
        /// village), never above the county: village → town → county.
        /// </summary>
        private string Escalate(CaseDeadline d, CaseRow c, OrgRow? handling)
        {
            var region = EscalationRegion(handling?.RegionCode ?? c.RegionCode, d.Escalations);
            var centre = CentreAtOrAbove(region);
            var stage = DeadlineTexts.StageLabel(d.Stage);
            var reason = $"{handling?.Name ?? "承办单位"}承办的案件{stage}期限超期未办（应于 {Fmt.Time(d.DueAt)} 前完成），第 {d.Escalations} 次督办。";
            if (_openTasks.Add((c.Id, region)))
            {
                _db.SupervisionTasks.Add(new SupervisionTask { CaseId = c.Id, CaseCode = c.Code, RegionCode = region, Reason = reason, CreatedAt = _now });
            }

            Notify(centre, "deadline.escalated", $"案件 {c.Code}：{reason}请督促办理。", c);
            Timeline(c, "escalated", $"{stage}期限超期未办，已升级至{centre?.Name ?? region}督办（第 {d.Escalations} 次）。");
            return region;
        }

        public static string EscalationRegion(string handlingRegion, int levelsUp)
        {
            var code = RegionCode.LevelOf(handlingRegion) > RegionLevel.Village ? handlingRegion[..RegionCode.LengthOf(RegionLevel.Village)] : handlingRegion;
            for (var i = 0; i < levelsUp && RegionCode.LevelOf(code) > RegionLevel.County; i++)
            {
                code = RegionCode.ParentOf(code)!;
            }

            return code;
        }

        private void Notify(OrgRow? org, string kind, string text, CaseRow c)
        {
            if (org is null)
            {
                return;
            }

            _db.Notifications.Add(new Notification { RegionCode = org.RegionCode, OrgUnitId = org.Id, At = _now, Kind = kind, Text = text, CaseCode = c.Code });
        }

        private void Timeline(CaseRow c, string kind, string text) =>
            _db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, RegionCode = c.RegionCode, At = _now, Kind = kind, Text = text, ActorName = "系统", ActorOrgName = "期限监督" });
    }
}
