using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Cases.ListCases;

[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class ListCasesModel(ListCases.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CategoryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Risk { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Concluded { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? OnTime { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Urgent { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Repeat { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Rated { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Satisfied { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? ConcludedFrom { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? ConcludedTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = 20;

    public ListCases.Query Query => new(Q, Status, CategoryCode, Channel, From, To, PageNumber, PageSize)
    {
        Place = Place,
        Risk = Risk,
        Concluded = Concluded,
        Outcome = Outcome,
        OnTime = OnTime,
        Urgent = Urgent,
        Repeat = Repeat,
        Group = Group,
        Rated = Rated,
        Satisfied = Satisfied,
        ConcludedFrom = ConcludedFrom,
        ConcludedTo = ConcludedTo,
    };

    public ListCases.Page Result { get; private set; } = new([], 0, false, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.HandleAsync(Query, ct);

    /// <summary>The filters as query-string pairs, so paging keeps them (and a list can be bookmarked).</summary>
    public IEnumerable<(string Key, string Value)> FilterValues() => Query.Pairs();

    public string UrlFor(int page)
    {
        var pairs = FilterValues().Append(("page", Math.Max(1, page).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(("pageSize", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/cases?" + string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
