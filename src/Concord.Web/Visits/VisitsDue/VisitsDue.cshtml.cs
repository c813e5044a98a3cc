using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Visits.VisitsDue;

[Authorize(Policy = nameof(Permission.VisitsLog))]
public sealed class VisitsDueModel(VisitsDue.Handler handler, MarkKeyHousehold.MarkKeyHousehold.Handler keys) : ConcordPage
{
    /// <summary>Show the whole due list, not only today's round.</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public VisitsDue.Result? Due { get; private set; }

    public string? TooMany { get; private set; }

    public long? FailedId { get; private set; }

    public bool ManagesKeys => Actor.Can(Permission.KeyHouseholdsManage);

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Due = await handler.HandleAsync(ct);
        }
        catch (DomainException ex) when (ex.Code == "too_many_households")
        {
            TooMany = ex.Message;
        }
    }

    public async Task<IActionResult> OnPostKeyAsync(long householdId, bool key, string? reason, CancellationToken ct)
    {
        if (!ManagesKeys)
        {
            return Forbid();
        }

        FailedId = householdId;
        return await ActAsync(() => keys.HandleAsync(householdId, new MarkKeyHousehold.MarkKeyHousehold.Request(key, reason), ct),
            key ? "已列为重点户，每周走访" : "已取消重点户", $"/visits/due{(All ? "?all=true" : "")}", () => OnGetAsync(ct));
    }
}
