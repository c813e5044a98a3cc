using Concord.Domain.Lessons;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.ListReviews;

/// <summary>The reviews of the subtree with their progress, and 我的整改任务: the open actions owned by the user or the user's org unit.</summary>
public static class ListReviews
{
    public sealed record Query(string? Status, string? Region, int Page = 1, int PageSize = 20);

    public sealed record Item(long Id, string Title, string RegionCode, string Status, string StatusLabel, DateTime CreatedAt, string CreatedByName,
        IReadOnlyList<string> CaseCodes, int Actions, int Done, int Overdue);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public sealed record MyAction(long ReviewId, string ReviewTitle, long ActionId, string Text, string? OwnerOrgName, string? OwnerName, DateOnly DueOn, bool Overdue);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Page> HandleAsync(Query query, CancellationToken ct = default)
        {
            var reviews = db.LessonReviews.AsNoTracking();
            var region = query.Region?.Trim();
            if (!string.IsNullOrEmpty(region))
            {
                reviews = reviews.Where(r => r.RegionCode.StartsWith(region));
            }

            switch (query.Status?.ToLowerInvariant())
            {
                case "open":
                    reviews = reviews.Where(r => r.ClosedAt == null);
                    break;
                case "closed":
                    reviews = reviews.Where(r => r.ClosedAt != null);
                    break;
                case null or "":
                    break;
                default:
                    var errors = new FieldErrors();
                    errors.Add("status", "状态只能是 open 或 closed。");
                    errors.ThrowIfAny();
                    break;
            }

            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(1, query.Page);
            var total = await reviews.CountAsync(ct);
            var rows = await reviews.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize)
                .Include(r => r.Cases).Include(r => r.Actions).AsSplitQuery().ToListAsync(ct);
            var today = LessonsTime.Today(clock);
            var items = rows.Select(r =>
            {
                var progress = LessonRules.Progress([.. r.Actions.Select(a => new ActionState(a.DoneAt is not null, a.DueOn))], today);
                var (status, label) = ViewReview.ViewReview.StatusOf(r.ClosedAt is not null, progress);
                return new Item(r.Id, r.Title, r.RegionCode, status, label, r.CreatedAt, r.CreatedByName,
                    [.. r.Cases.OrderBy(c => c.Id).Select(c => c.CaseCode)], progress.Actions, progress.Done, progress.Overdue);
            }).ToList();
            return new Page(items, total, page, pageSize);
        }

        /// <summary>Open actions of open reviews owned by the actor or the actor's org unit, the most urgent first.</summary>
        public async Task<IReadOnlyList<MyAction>> MineAsync(CancellationToken ct = default)
        {
            var actor = db.Actor;
            if (actor.UserId is null)
            {
                return [];
            }

            var today = LessonsTime.Today(clock);
            var rows = await db.LessonActions.AsNoTracking()
                .Where(a => a.DoneAt == null && (a.OwnerUserId == actor.UserId || (actor.OrgUnitId != null && a.OwnerOrgUnitId == actor.OrgUnitId)))
                .Join(db.LessonReviews.Where(r => r.ClosedAt == null), a => a.ReviewId, r => r.Id, (a, r) => new { a, r.Title })
                .OrderBy(x => x.a.DueOn).ThenBy(x => x.a.Id).Take(200).ToListAsync(ct);
            return [.. rows.Select(x => new MyAction(x.a.ReviewId, x.Title, x.a.Id, x.a.Text, x.a.OwnerOrgName, x.a.OwnerName, x.a.DueOn,
                LessonRules.IsOverdue(new ActionState(false, x.a.DueOn), today)))];
        }
    }
}
