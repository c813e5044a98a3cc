using Concord.Domain.Cases;
using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Home;

public sealed class IndexModel(ConcordDb db) : ConcordPage
{
    public sealed record CaseCounts(int Total, int Registered, int Mediating, int Closed);

    public CaseCounts? Counts { get; private set; }

    public string ScopeName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = Actor.ScopeCode ?? "";
        ScopeName = await db.Regions.AsNoTracking().Where(r => r.Code == scope).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? scope;
        if (Actor.Can(Permission.CasesRead))
        {
            var byStatus = await db.Cases.AsNoTracking().GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            int Of(CaseStatus s) => byStatus.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
            Counts = new CaseCounts(byStatus.Sum(x => x.Count), Of(CaseStatus.Registered), Of(CaseStatus.Mediating), Of(CaseStatus.Closed));
        }
    }
}
