using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Lessons.ViewReview;

[Authorize(Policy = nameof(Permission.LessonsRead))]
public sealed class ViewReviewModel(ViewReview.Handler handler, CompleteAction.CompleteAction.Handler complete, CloseReview.CloseReview.Handler close,
    OpenReview.OpenReview.Handler open) : ConcordPage
{
    public ViewReview.Review Review { get; private set; } = null!;

    public OpenReview.OpenReview.Draft Owners { get; private set; } = new([], [], "", [], []);

    public long? FailedActionId { get; private set; }

    public bool FailedAdd { get; private set; }

    public bool CanManage => Actor.Can(Permission.LessonsManage);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDoneAsync(long id, long actionId, string? evidence, CancellationToken ct)
    {
        FailedActionId = actionId;
        return await ActAsync(() => complete.HandleAsync(id, actionId, new CompleteAction.CompleteAction.Request(evidence), ct),
            "整改措施已登记完成", $"/lessons/reviews/{id}", () => LoadAsync(id, ct));
    }

    public async Task<IActionResult> OnPostAddAsync(long id, string? text, long? ownerOrgUnitId, long? ownerUserId, DateOnly? dueOn, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        FailedAdd = true;
        return await ActAsync(() => open.AddActionAsync(id, new OpenReview.OpenReview.ActionInput(text, ownerOrgUnitId, ownerUserId, dueOn), ct),
            "整改措施已添加", $"/lessons/reviews/{id}", () => LoadAsync(id, ct));
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, bool confirmed, string? note, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        return await ActAsync(() => close.HandleAsync(id, new CloseReview.CloseReview.Request(confirmed, note), ct),
            "复盘已销号", $"/lessons/reviews/{id}", () => LoadAsync(id, ct));
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Review = await handler.HandleAsync(id, ct);
        if (CanManage && Review.Status != "closed")
        {
            Owners = await open.DraftAsync([.. Review.Cases.Select(c => c.Code)], ct);
        }
    }
}
