using System.Globalization;
using Concord.Domain.Lessons;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.CloseReview;

/// <summary>销号: a supervisor confirms that every action is done and closes the review; with an action still open it is refused (409).</summary>
public static class CloseReview
{
    public sealed record Request(bool Confirmed, string? Note);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task HandleAsync(long reviewId, Request request, CancellationToken ct = default)
        {
            await using var write = await db.BeginWriteAsync(ct);
            var review = await db.LessonReviews.Include(r => r.Actions).FirstOrDefaultAsync(r => r.Id == reviewId, ct) ?? throw new NotFoundException("该复盘");
            var states = review.Actions.Select(a => new ActionState(a.DoneAt is not null, a.DueOn)).ToList();
            if (LessonRules.ReviewCanOnlyBeClosedWhenEveryActionIsDone(review.ClosedAt is not null, states, request.Confirmed) is { } refusal)
            {
                if (refusal.Code == "confirmation_required")
                {
                    var errors = new FieldErrors();
                    errors.Add("confirmed", refusal.Message);
                    errors.ThrowIfAny();
                }

                throw new DomainException(refusal.Code, refusal.Message, 409);
            }

            if (request.Note is { Length: > 1000 })
            {
                var errors = new FieldErrors();
                errors.Add("note", "销号意见不能超过 1000 个字。");
                errors.ThrowIfAny();
            }

            review.ClosedAt = clock.GetUtcNow().UtcDateTime;
            review.ClosedByName = db.Actor.Name;
            review.ClosingNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            db.Audit("lesson_review.closed", "LessonReview", review.Id.ToString(CultureInfo.InvariantCulture), new { review.Title, actions = states.Count, note = review.ClosingNote });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
        }
    }
}
