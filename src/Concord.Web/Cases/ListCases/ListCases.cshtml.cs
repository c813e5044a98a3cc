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
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = 20;

    public ListCases.Query Query => new(Q, Status, CategoryCode, Channel, From, To, PageNumber, PageSize, Region);

    public ListCases.Page Result { get; private set; } = new([], 0, false, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.HandleAsync(Query, ct);

    /// <summary>The filters as query-string pairs, so paging keeps them (and a list can be bookmarked).</summary>
    public IEnumerable<(string Key, string Value)> FilterValues()
    {
        if (!string.IsNullOrEmpty(Q)) { yield return ("q", Q); }
        if (!string.IsNullOrEmpty(Status)) { yield return ("status", Status); }
        if (!string.IsNullOrEmpty(CategoryCode)) { yield return ("categoryCode", CategoryCode); }
        if (!string.IsNullOrEmpty(Channel)) { yield return ("channel", Channel); }
        if (From is { } f) { yield return ("from", f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); }
        if (To is { } t) { yield return ("to", t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); }
        if (!string.IsNullOrEmpty(Region)) { yield return ("region", Region); }
    }

    public string UrlFor(int page)
    {
        var pairs = FilterValues().Append(("page", Math.Max(1, page).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(("pageSize", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/cases?" + string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
