using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Mediators.BrowseMediators;

[Authorize(Policy = nameof(Permission.OrgRead))]
public sealed class BrowseMediatorsModel(BrowseMediators.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public long? OrgUnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CategoryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Gold { get; set; }

    public BrowseMediators.Registry Registry { get; private set; } = new([], 0, []);

    public IReadOnlyList<BrowseMediators.ExpertRow> Experts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Registry = await handler.ListAsync(new BrowseMediators.Query(OrgUnitId, CategoryCode, Gold ? true : null), ct);
        Experts = await handler.ExpertsAsync(ct);
    }
}
