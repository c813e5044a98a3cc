using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.TypicalCases.BrowseTypicalCases;

[AllowAnonymous]
public sealed class ListModel(BrowseTypicalCases.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public BrowseTypicalCases.Page Result { get; private set; } = new([], 0, 1, BrowseTypicalCases.PageSize, null);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(Category, PageNumber, ct);
}
