using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Audit.BrowseAudit;

[Authorize(Policy = nameof(Permission.AuditRead))]
public sealed class BrowseAuditModel(BrowseAudit.Handler handler, VerifyAudit.VerifyAudit.Handler verify) : ConcordPage
{
    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public BrowseAudit.Page Result { get; private set; } = new([], 0, 1, 50);

    public VerifyAudit.VerifyAudit.Report? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await handler.HandleAsync(new BrowseAudit.Query(ActionFilter, UserFilter, PageNumber), ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await verify.HandleAsync(ct);
        await OnGetAsync(ct);
    }
}
