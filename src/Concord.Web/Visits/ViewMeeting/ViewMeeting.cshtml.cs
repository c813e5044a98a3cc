using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.ViewMeeting;

[Authorize(Policy = nameof(Permission.VisitsRead))]
public sealed class ViewMeetingModel(ViewMeeting.Handler handler, RecordMeeting.RecordMeeting.Handler record) : ConcordPage
{
    public ViewMeeting.Meeting Meeting { get; private set; } = null!;

    public long? FailedItemId { get; private set; }

    public bool CanRecord => Actor.Can(Permission.MeetingsRecord);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            Meeting = await handler.HandleAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDoneAsync(long id, long itemId, string? note, CancellationToken ct)
    {
        if (!CanRecord)
        {
            return Forbid();
        }

        FailedItemId = itemId;
        return await ActAsync(() => record.MarkDoneAsync(id, itemId, new RecordMeeting.RecordMeeting.DoneRequest(note), ct),
            "事项已办结", $"/visits/meetings/{id}", async () => Meeting = await handler.HandleAsync(id, ct));
    }
}
