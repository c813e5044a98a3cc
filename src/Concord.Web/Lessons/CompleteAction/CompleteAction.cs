using System.Globalization;
using Concord.Domain.Identity;
using Concord.Domain.Lessons;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.CompleteAction;

/// <summary>An action's owner (the person, or anyone of the owning org unit) — or a supervisor — records it done, with evidence of what was done.</summary>
public static class CompleteAction
{
    public sealed record Request(string? Evidence);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task HandleAsync(long reviewId, long actionId, Request request, CancellationToken ct = default)
        {
            await using var write = await db.BeginWriteAsync(ct);
            var review = await db.LessonReviews.Include(r => r.Actions).FirstOrDefaultAsync(r => r.Id == reviewId, ct) ?? throw new NotFoundException("该复盘");
            var action = review.Actions.FirstOrDefault(a => a.Id == actionId) ?? throw new NotFoundException("该整改措施");
            if (!MayComplete(db.Actor, action))
            {
                throw new DomainException("not_action_owner", "只有责任人、责任单位的人员或督办领导才能登记该整改措施完成。", 403);
            }

            var errors = new FieldErrors();
            OpenReview.OpenReview.Handler.Required(errors, "evidence", request.Evidence, "整改佐证（做了什么、有何材料）", 2000);
            errors.ThrowIfAny();
            var refusal = LessonRules.AClosedReviewIsNotChanged(review.ClosedAt is not null) ?? LessonRules.AnActionIsDoneOnce(action.DoneAt is not null);
            if (refusal is not null)
            {
                throw new DomainException(refusal.Code, refusal.Message, 409);
            }

            action.DoneAt = clock.GetUtcNow().UtcDateTime;
            action.Evidence = request.Evidence!.Trim();
            action.DoneByName = db.Actor.Name;
            db.Audit("lesson_action.done", "LessonAction", action.Id.ToString(CultureInfo.InvariantCulture), new { reviewId, action.Text, evidence = action.Evidence });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }
    }

    public static bool MayComplete(Actor actor, LessonAction action) =>
        actor.Can(Permission.LessonsManage)
        || (actor.UserId is not null && action.OwnerUserId == actor.UserId)
        || (actor.OrgUnitId is not null && action.OwnerOrgUnitId == actor.OrgUnitId);
}
