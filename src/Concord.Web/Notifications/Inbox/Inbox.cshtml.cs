using Concord.Web.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Notifications.Inbox;

public sealed class InboxModel(Inbox.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public bool UnreadOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Inbox.Page Result { get; private set; } = new(0, 0, 1, 20, []);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(UnreadOnly, PageNumber, 20, ct);

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await handler.MarkReadAsync(id, ct);
        Toast("已标为已读");
        // Not RedirectToPage: "page" is the route value Razor Pages uses for the page's own name.
        return LocalRedirect(UnreadOnly ? "/inbox?unreadOnly=true" : "/inbox");
    }
}
