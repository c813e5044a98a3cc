using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Web.Events;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ReportEventSlice = Concord.Web.Events.ReportEvent.ReportEvent;

namespace Concord.Web.Field.Report;

/// <summary>
/// 随手拍 on the phone. With JavaScript (every phone) the page never posts itself: wwwroot/js/field
/// keeps the report in the browser's queue and sends it to <c>POST /api/events</c> with its
/// idempotency key until the server has it. Without JavaScript the form posts here and calls the
/// same handler, with a key generated when the page was served.
/// </summary>
[Authorize(Policy = nameof(Permission.EventsReport))]
public sealed class ReportModel(ConcordDb db, ReportEventSlice.Handler handler) : ConcordPage
{
    /// <summary>A place the event can be filed under: a grid, or a village as a whole.</summary>
    public sealed record PlaceOption(string Code, string Name, string? VillageName, bool IsGrid);

    public sealed class InputModel
    {
        public string? ItemCode { get; set; }

        public string? Text { get; set; }

        public string? RegionCode { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public string? Address { get; set; }

        public string? IdempotencyKey { get; set; }
    }

    /// <summary>Places offered at most; a town or county account picks from the first ones (the phone pages are for the grid).</summary>
    public const int MaxPlaces = 300;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public IReadOnlyList<PlaceOption> Places { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.IdempotencyKey = Guid.NewGuid().ToString();
        await LoadAsync(ct);
        Input.RegionCode = Places.Count == 1 ? Places[0].Code : Places.FirstOrDefault(p => p.Code == Actor.ScopeCode)?.Code;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var photos = new List<PhotoUpload>();
        foreach (var file in Photos.Where(f => f.Length > 0))
        {
            photos.Add(await PhotoUpload.FromFormAsync(file, ct));
        }

        var request = new ReportEventSlice.Request(Input.ItemCode, Input.Text, Input.RegionCode, Input.Latitude, Input.Longitude, Input.Address);
        try
        {
            var result = await handler.HandleAsync(request, Input.IdempotencyKey, photos, ct: ct);
            Toast($"已上报，事件编号 {result.Code}");
            return Redirect($"/m/events/{result.Code}");
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ShowErrors(ex);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Regions.AsNoTracking()
            .Where(r => r.Level == RegionLevel.Grid || r.Level == RegionLevel.Village)
            .OrderBy(r => r.Code).Take(MaxPlaces)
            .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode })
            .ToListAsync(ct);

        // A grid worker's scope is the grid: its village is outside it, but its name helps.
        var villageCodes = rows.Where(r => r.Level == RegionLevel.Grid && r.ParentCode is not null).Select(r => r.ParentCode!).Distinct().ToList();
        var villageNames = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => villageCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        Places = [.. rows.Select(r => r.Level == RegionLevel.Grid
            ? new PlaceOption(r.Code, r.Name, r.ParentCode is { } p && villageNames.TryGetValue(p, out var v) ? v : null, true)
            : new PlaceOption(r.Code, r.Name, r.Name, false))];
    }
}
