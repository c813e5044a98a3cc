using Concord.Domain.Cases;
using Concord.Domain.Lessons;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.ViewReview;

/// <summary>One review: cases and why, root cause, gaps, actions with owner, due date, overdue and evidence, and its progress to 销号.</summary>
public static class ViewReview
{
    public sealed record CaseLine(string Code, string Summary, string StatusLabel, IReadOnlyList<string> Reasons);

    public sealed record ActionLine(long Id, string Text, string? OwnerOrgName, string? OwnerName, DateOnly DueOn, string Status, bool Overdue,
        DateTime? DoneAt, string? Evidence, string? DoneByName, bool MayComplete);

    public sealed record Review(long Id, string Title, string RegionCode, string RegionName, string Cause, string Status, string StatusLabel,
        DateTime CreatedAt, string CreatedByName, DateTime? ClosedAt, string? ClosedByName, string? ClosingNote,
        IReadOnlyList<CaseLine> Cases, IReadOnlyList<string> Gaps, IReadOnlyList<ActionLine> Actions, ReviewProgress Progress);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Review> HandleAsync(long id, CancellationToken ct = default)
        {
            var r = await db.LessonReviews.AsNoTracking().Include(x => x.Cases).Include(x => x.Gaps).Include(x => x.Actions)
                .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该复盘");
            var today = LessonsTime.Today(clock);
            var ids = r.Cases.Select(c => c.CaseId).ToList();
            var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Summary, c.Status }, ct);
            var regionName = await db.Regions.AsNoTracking().Where(x => x.Code == r.RegionCode).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? r.RegionCode;
            var states = r.Actions.Select(a => new ActionState(a.DoneAt is not null, a.DueOn)).ToList();
            var progress = LessonRules.Progress(states, today);
            var (status, label) = StatusOf(r.ClosedAt is not null, progress);
            return new Review(r.Id, r.Title, r.RegionCode, regionName, r.Cause, status, label, r.CreatedAt, r.CreatedByName, r.ClosedAt, r.ClosedByName, r.ClosingNote,
                [.. r.Cases.OrderBy(c => c.Id).Select(c => new CaseLine(c.CaseCode,
                    cases.TryGetValue(c.CaseId, out var x) ? x.Summary : "（不在您的管辖范围内）",
                    cases.TryGetValue(c.CaseId, out var y) ? CaseLabels.Of(y.Status) : "",
                    [.. c.Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => LessonRules.TryParse(n, out var reason) ? LessonRules.Label(reason) : n)]))],
                [.. r.Gaps.OrderBy(g => g.Id).Select(g => g.Text)],
                [.. r.Actions.OrderBy(a => a.Id).Select(a => new ActionLine(a.Id, a.Text, a.OwnerOrgName, a.OwnerName, a.DueOn,
                    a.DoneAt is null ? "open" : "done", LessonRules.IsOverdue(new ActionState(a.DoneAt is not null, a.DueOn), today),
                    a.DoneAt, a.Evidence, a.DoneByName, a.DoneAt is null && r.ClosedAt is null && CompleteAction.CompleteAction.MayComplete(db.Actor, a)))],
                progress);
        }
    }

    /// <summary>整改中 → 待销号 (every action done) → 已销号.</summary>
    public static (string Status, string Label) StatusOf(bool closed, ReviewProgress progress) =>
        closed ? ("closed", "已销号") : progress.AllDone ? ("awaitingClose", "待销号") : ("open", "整改中");
}
