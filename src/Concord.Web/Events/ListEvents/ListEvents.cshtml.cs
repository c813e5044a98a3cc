using System.Globalization;
using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Events.ListEvents;

[Authorize(Policy = nameof(Permission.EventsRead))]
public sealed class ListEventsModel(ListEvents.Handler handler, ConcordDb db) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = 20;

    public ListEvents.Page Result { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<EventPlaces.Place> Places { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await handler.HandleAsync(new ListEvents.Query(Status, Category, Region, Overdue, null, PageNumber, PageSize), ct);
        Places = await EventPlaces.FilterChoicesAsync(db, 400, ct);
    }

    public IEnumerable<(string Key, string Value)> FilterValues()
    {
        if (!string.IsNullOrEmpty(Status)) { yield return ("status", Status); }
        if (!string.IsNullOrEmpty(Category)) { yield return ("category", Category); }
        if (!string.IsNullOrEmpty(Region)) { yield return ("region", Region); }
        if (Overdue) { yield return ("overdue", "true"); }
    }

    public string UrlFor(int page) =>
        "/events?" + string.Join("&", FilterValues().Append(("page", Math.Max(1, page).ToString(CultureInfo.InvariantCulture)))
            .Append(("pageSize", Result.PageSize.ToString(CultureInfo.InvariantCulture))).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
}
