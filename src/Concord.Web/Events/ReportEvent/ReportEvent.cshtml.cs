using System.Globalization;
using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Events.ReportEvent;

/// <summary>随手拍上报 page: category, description, place, location (browser or typed), photos; possible duplicates shown before submitting.</summary>
[Authorize(Policy = nameof(Permission.EventsReport))]
public sealed class ReportEventModel(ReportEvent.Handler handler, FindDuplicates.FindDuplicates.Handler duplicates, ConcordDb db) : ConcordPage
{
    public sealed class InputModel
    {
        public string? ItemCode { get; set; }

        public string? Text { get; set; }

        public string? RegionCode { get; set; }

        public string? Latitude { get; set; }

        public string? Longitude { get; set; }

        public string? Address { get; set; }

        public string? IdempotencyKey { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public IReadOnlyList<EventPlaces.Place> Grids { get; private set; } = [];

    public IReadOnlyList<FindDuplicates.FindDuplicates.Match> Duplicates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        await LoadAsync(ct);
        if (Grids.Count == 1)
        {
            Input.RegionCode = Grids[0].Code;
        }
    }

    /// <summary>htmx: the possible duplicates for what has been typed so far.</summary>
    public async Task<IActionResult> OnGetDuplicatesAsync(string? itemCode, string? latitude, string? longitude, string? address, CancellationToken ct)
    {
        Duplicates = await duplicates.HandleAsync(new FindDuplicates.FindDuplicates.Query(itemCode, Number(latitude), Number(longitude), address), ct);
        return Partial("_Duplicates", Duplicates);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var photos = new List<PhotoUpload>();
            foreach (var f in Photos.Where(f => f.Length > 0))
            {
                photos.Add(await PhotoUpload.FromFormAsync(f, ct));
            }

            var result = await handler.HandleAsync(
                new ReportEvent.Request(Input.ItemCode, Input.Text, Input.RegionCode, Number(Input.Latitude), Number(Input.Longitude), Input.Address),
                Input.IdempotencyKey, photos, ct: ct);
            Toast(result.Replayed ? $"该事件已上报（{result.Code}）" : $"已上报，事件编号 {result.Code}");
            return Redirect($"/events/{result.Code}");
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            await LoadAsync(ct);
            Duplicates = await duplicates.HandleAsync(new FindDuplicates.FindDuplicates.Query(Input.ItemCode, Number(Input.Latitude), Number(Input.Longitude), Input.Address), ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct) => Grids = await EventPlaces.GridsAsync(db, 2000, ct);

    private static double? Number(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
