using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Triage.DutyList;

[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class DutyListModel(DutyList.Handler handler) : ConcordPage
{
    public IReadOnlyList<DutyList.Item> Items { get; private set; } = [];

    public bool IsPartial { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] bool partial, CancellationToken ct)
    {
        Items = await handler.HandleAsync(ct);
        IsPartial = partial;
        return Page();
    }
}
