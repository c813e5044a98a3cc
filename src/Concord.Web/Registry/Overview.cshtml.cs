using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry;

/// <summary>The registry's front page: how many of each element the reader's subtree holds, and where to go next.</summary>
[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class OverviewModel(RegistryContext registry) : ConcordPage
{
    public sealed record Counts(int Households, int Residents, int Places, int Parts, int DamagedParts, int Notes, int Organisations);

    public Counts Totals { get; private set; } = new(0, 0, 0, 0, 0, 0, 0);

    public IReadOnlyList<PlaceOption> Grids { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var db = registry.Db;
        Totals = new Counts(
            await db.Households.CountAsync(ct), await db.Residents.CountAsync(ct), await db.Places.CountAsync(ct), await db.CityParts.CountAsync(ct),
            await db.CityParts.CountAsync(p => p.State != CityPartState.Intact, ct), await db.SentimentNotes.CountAsync(ct), await db.Organisations.CountAsync(ct));
        Grids = (await registry.OptionsAsync([Domain.Regions.RegionLevel.Grid], ct)).Take(200).ToList();
    }
}
