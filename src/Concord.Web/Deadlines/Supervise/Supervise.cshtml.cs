using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Deadlines.Supervise;

[Authorize(Policy = nameof(Permission.SupervisionManage))]
public sealed class SuperviseModel(Supervise.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<Supervise.TaskRow> Tasks { get; private set; } = [];

    public long? FailedId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Tasks = await handler.ListAsync(All, ct);

    public async Task<IActionResult> OnPostResolveAsync(long id, string? note, CancellationToken ct)
    {
        try
        {
            await handler.ResolveAsync(id, new Supervise.ResolveRequest(note), ct);
            Toast("督办任务已办结");
            return RedirectToPage(new { all = All });
        }
        catch (DomainException ex) when (ex.Status != StatusCodes.Status404NotFound)
        {
            ShowErrors(ex);
            FailedId = id;
            await OnGetAsync(ct);
            return Page();
        }
    }
}
