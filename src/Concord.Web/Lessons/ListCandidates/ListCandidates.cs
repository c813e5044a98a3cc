using Concord.Domain.Cases;
using Concord.Domain.Lessons;
using Concord.Domain.Regions;
using Concord.Domain.Triage;
using Concord.Web.Closing;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.ListCandidates;

/// <summary>
/// 待复盘案件: the cases of the user's subtree that failed (调解不成), were reopened after a
/// 不满意 rating, were escalated for running over a deadline, repeat an earlier dispute of the same
/// party or address, or are group disputes — each with the evidence that makes it one. The period
/// filters on when that happened (the failure, the rating, the escalation, the red flag).
/// </summary>
public static class ListCandidates
{
    public sealed record Query(string? Reason, DateOnly? From, DateOnly? To, string? Region, int Page = 1, int PageSize = 20);

    /// <summary>One reason a case qualifies, with the evidence in words.</summary>
    public sealed record Chip(string Reason, string Label, string Detail);

    public sealed record Item(string Code, string Summary, string Status, string StatusLabel, string RiskLevel, string RiskLabel,
        string RegionCode, DateTime RegisteredAt, DateTime LatestAt, IReadOnlyList<Chip> Reasons, IReadOnlyList<string> LinkedCaseCodes, long? ReviewId);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, DateOnly From, DateOnly? To);

    public sealed record RegionOption(string Code, string Name, int Depth);

    /// <summary>Cases read per reason before merging; a subtree with more in one period is narrowed by the filters.</summary>
    public const int PerReasonCap = 2000;

    public sealed class Handler(ConcordDb db, TimeProvider clock, RiskRules rules)
    {
        public async Task<Page> HandleAsync(Query query, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            LessonReason? only = null;
            if (!string.IsNullOrEmpty(query.Reason))
            {
                if (LessonRules.TryParse(query.Reason, out var parsed))
                {
                    only = parsed;
                }
                else
                {
                    errors.Add("reason", "原因只能是 failed、dissatisfied、escalatedOverdue、repeat 或 group。");
                }
            }

            var region = query.Region?.Trim();
            if (!string.IsNullOrEmpty(region) && !RegionCode.TryGetLevel(region, out _))
            {
                errors.Add("region", "地区代码不正确。");
            }

            var today = LessonsTime.Today(clock);
            var from = query.From ?? today.AddMonths(-12);
            if (query.To is { } t && t < from)
            {
                errors.Add("to", "结束日期不能早于开始日期。");
            }

            errors.ThrowIfAny();
            var fromUtc = LessonsTime.StartOf(from);
            var toUtc = query.To is { } to ? LessonsTime.StartOf(to.AddDays(1)) : DateTime.MaxValue;
            var prefix = string.IsNullOrEmpty(region) ? "" : region;
            var hits = new List<(long CaseId, DateTime At)>();

            bool Wants(LessonReason r) => only is null || only == r;
            if (Wants(LessonReason.Failed))
            {
                var kinds = LessonRules.FailureEventKinds.ToList();
                hits.AddRange((await db.CaseEvents.AsNoTracking()
                    .Where(e => kinds.Contains(e.Kind) && e.At >= fromUtc && e.At < toUtc && e.RegionCode.StartsWith(prefix))
                    .OrderByDescending(e => e.At).Take(PerReasonCap).Select(e => new { e.CaseId, e.At }).ToListAsync(ct))
                    .Select(x => (x.CaseId, x.At)));
            }

            if (Wants(LessonReason.Dissatisfied))
            {
                hits.AddRange((await db.RatingRequests.AsNoTracking()
                    .Where(r => r.Rating == Rating.Dissatisfied && r.RatedAt >= fromUtc && r.RatedAt < toUtc && r.RegionCode.StartsWith(prefix))
                    .OrderByDescending(r => r.RatedAt).Take(PerReasonCap).Select(r => new { r.CaseId, r.RatedAt }).ToListAsync(ct))
                    .Select(x => (x.CaseId, x.RatedAt!.Value)));
            }

            if (Wants(LessonReason.EscalatedOverdue))
            {
                hits.AddRange((await db.CaseEvents.AsNoTracking()
                    .Where(e => e.Kind == "escalated" && e.At >= fromUtc && e.At < toUtc && e.RegionCode.StartsWith(prefix))
                    .OrderByDescending(e => e.At).Take(PerReasonCap).Select(e => new { e.CaseId, e.At }).ToListAsync(ct))
                    .Select(x => (x.CaseId, x.At)));
            }

            var flagKinds = new List<RedFlagKind>();
            if (Wants(LessonReason.Repeat))
            {
                flagKinds.Add(RedFlagKind.Repeat);
            }

            if (Wants(LessonReason.Group))
            {
                flagKinds.Add(RedFlagKind.Group);
                var people = LessonRules.GroupPeople(rules);
                hits.AddRange((await db.Cases.AsNoTracking()
                    .Where(c => c.PeopleInvolved >= people && c.RegisteredAt >= fromUtc && c.RegisteredAt < toUtc && c.RegionCode.StartsWith(prefix))
                    .OrderByDescending(c => c.RegisteredAt).Take(PerReasonCap).Select(c => new { c.Id, c.RegisteredAt }).ToListAsync(ct))
                    .Select(x => (x.Id, x.RegisteredAt)));
            }

            if (flagKinds.Count > 0)
            {
                hits.AddRange((await db.CaseRedFlags.AsNoTracking()
                    .Where(f => flagKinds.Contains(f.Kind) && f.RaisedAt >= fromUtc && f.RaisedAt < toUtc && f.RegionCode.StartsWith(prefix))
                    .OrderByDescending(f => f.RaisedAt).Take(PerReasonCap).Select(f => new { f.CaseId, f.RaisedAt }).ToListAsync(ct))
                    .Select(x => (x.CaseId, x.RaisedAt)));
            }

            var latest = hits.GroupBy(h => h.CaseId).Select(g => (CaseId: g.Key, At: g.Max(h => h.At)))
                .OrderByDescending(h => h.At).ThenByDescending(h => h.CaseId).ToList();
            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(1, query.Page);
            var slice = latest.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            var evidence = await EvidenceAsync(db, [.. slice.Select(s => s.CaseId)], ct);
            var items = new List<Item>();
            foreach (var (caseId, at) in slice)
            {
                if (evidence.TryGetValue(caseId, out var e))
                {
                    items.Add(e.ToItem(at, rules));
                }
            }

            return new Page(items, latest.Count, page, pageSize, from, query.To);
        }

        /// <summary>Towns and villages of the subtree for the region filter (the filter is the scope).</summary>
        public async Task<IReadOnlyList<RegionOption>> RegionsAsync(CancellationToken ct = default) =>
            [.. (await db.Regions.AsNoTracking()
                .Where(r => r.Level == RegionLevel.County || r.Level == RegionLevel.Town || r.Level == RegionLevel.Village)
                .OrderBy(r => r.Code).Take(400).Select(r => new { r.Code, r.Name, r.Level }).ToListAsync(ct))
                .Select(r => new RegionOption(r.Code, r.Name, r.Level - RegionLevel.County))];
    }

    /// <summary>What is known about some cases (within the actor's scope) that may make them candidates.</summary>
    internal sealed record CaseEvidence(long Id, string Code, string Summary, CaseStatus Status, RiskLevel Risk, string RegionCode, DateTime RegisteredAt,
        int? PeopleInvolved, DateTime? FailedAt, DateTime? DissatisfiedAt, int Escalations, IReadOnlyList<(RedFlagKind Kind, string Reason, string? Linked)> Flags, long? ReviewId)
    {
        public IReadOnlyList<LessonReason> Reasons(RiskRules rules) => LessonRules.ReasonsFor(
            new LessonEvidence(FailedAt is not null, DissatisfiedAt is not null, Escalations, [.. Flags.Select(f => f.Kind)], PeopleInvolved), rules);

        public Item ToItem(DateTime latestAt, RiskRules rules)
        {
            var chips = Reasons(rules).Select(r => new Chip(JsonName(r), LessonRules.Label(r), r switch
            {
                LessonReason.Failed => $"{Fmt.Time(FailedAt!.Value)} 调解不成",
                LessonReason.Dissatisfied => $"{Fmt.Time(DissatisfiedAt!.Value)} 当事人评价“不满意”，案件重新办理",
                LessonReason.EscalatedOverdue => $"办理超期，已升级督办 {Escalations} 次",
                LessonReason.Repeat => string.Join("；", Flags.Where(f => f.Kind == RedFlagKind.Repeat).Select(f => f.Reason)),
                _ => Flags.Any(f => f.Kind == RedFlagKind.Group)
                    ? string.Join("；", Flags.Where(f => f.Kind == RedFlagKind.Group).Select(f => f.Reason))
                    : $"涉及 {PeopleInvolved} 人",
            })).ToList();
            var linked = Flags.Where(f => f.Linked is not null).SelectMany(f => f.Linked!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(c => c != Code).Distinct().ToList();
            return new Item(Code, Summary, Status.ToString(), CaseLabels.Of(Status), Risk.ToString(), CaseLabels.Of(Risk), RegionCode, RegisteredAt, latestAt, chips, linked, ReviewId);
        }
    }

    public static string JsonName(LessonReason reason) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <summary>The evidence of the given cases the actor sees; cases outside the scope are simply absent.</summary>
    internal static async Task<Dictionary<long, CaseEvidence>> EvidenceAsync(ConcordDb db, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Code, c.Summary, c.Status, c.RiskLevel, c.RegionCode, c.RegisteredAt, c.PeopleInvolved }).ToListAsync(ct);
        var kinds = LessonRules.FailureEventKinds.ToList();
        var failed = await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId) && kinds.Contains(e.Kind))
            .GroupBy(e => e.CaseId).Select(g => new { g.Key, At = g.Max(e => e.At) }).ToDictionaryAsync(x => x.Key, x => x.At, ct);
        var dissatisfied = await db.RatingRequests.AsNoTracking().Where(r => ids.Contains(r.CaseId) && r.Rating == Rating.Dissatisfied)
            .GroupBy(r => r.CaseId).Select(g => new { g.Key, At = g.Max(r => r.RatedAt) }).ToDictionaryAsync(x => x.Key, x => x.At, ct);
        // Escalations are counted on the deadlines; the timeline line is the fallback for a deadline since replaced.
        var escalations = await db.CaseDeadlines.AsNoTracking().Where(d => ids.Contains(d.CaseId) && d.Escalations > 0)
            .GroupBy(d => d.CaseId).Select(g => new { g.Key, N = g.Sum(d => d.Escalations) }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var escalatedLines = await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId) && e.Kind == "escalated")
            .GroupBy(e => e.CaseId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var flags = (await db.CaseRedFlags.AsNoTracking().Where(f => ids.Contains(f.CaseId))
            .Select(f => new { f.CaseId, f.Kind, f.Reason, f.LinkedCaseCodes }).ToListAsync(ct)).ToLookup(f => f.CaseId);
        var reviews = (await db.LessonReviewCases.AsNoTracking().Where(r => ids.Contains(r.CaseId))
            .Select(r => new { r.CaseId, r.ReviewId }).ToListAsync(ct)).GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => g.Max(r => r.ReviewId));
        return cases.ToDictionary(c => c.Id, c => new CaseEvidence(c.Id, c.Code, c.Summary, c.Status, c.RiskLevel, c.RegionCode, c.RegisteredAt, c.PeopleInvolved,
            failed.TryGetValue(c.Id, out var f) ? f : null,
            dissatisfied.TryGetValue(c.Id, out var d) ? d : null,
            Math.Max(escalations.GetValueOrDefault(c.Id), escalatedLines.GetValueOrDefault(c.Id)),
            [.. flags[c.Id].Select(x => (x.Kind, x.Reason, x.LinkedCaseCodes))],
            reviews.TryGetValue(c.Id, out var r) ? r : null));
    }
}
