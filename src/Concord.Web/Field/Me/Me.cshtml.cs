using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Field.Me;

/// <summary>我的: who is signed in, where they work, and what waits in this phone's send queue.</summary>
[Authorize(Policy = nameof(Permission.EventsRead))]
public sealed class MeModel(ConcordDb db) : ConcordPage
{
    public string ScopeName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = Actor.ScopeCode ?? "";
        ScopeName = await db.Regions.AsNoTracking().Where(r => r.Code == scope).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? scope;
    }
}
