using System.Globalization;
using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.LogVisit;

[Authorize(Policy = nameof(Permission.VisitsLog))]
public sealed class LogVisitModel(LogVisit.Handler handler, ConcordDb db, TimeProvider clock) : ConcordPage
{
    /// <summary>A grid has 30–50 households; a village a few hundred. More than this and the worker picks a grid first.</summary>
    private const int MaxChoices = 600;

    public sealed class Form
    {
        public long? HouseholdId { get; set; }

        public string? Kind { get; set; } = "daily";

        /// <summary>China Standard Time as the phone's datetime-local field sends it.</summary>
        public string? VisitedAt { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public double? Accuracy { get; set; }

        public string? Findings { get; set; }

        public bool FollowUpNeeded { get; set; }

        public string? FollowUpNote { get; set; }

        public string? IdempotencyKey { get; set; }
    }

    public sealed record Choice(long Id, string Label, bool Key);

    [BindProperty]
    public Form Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Grid { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? HouseholdId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    public IReadOnlyList<(string Code, string Name)> Grids { get; private set; } = [];

    public IReadOnlyList<Choice> Households { get; private set; } = [];

    public bool NeedsGrid { get; private set; }

    public string Now => (clock.GetUtcNow().UtcDateTime + ChinaTime.Offset).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        Input.HouseholdId = HouseholdId;
        Input.Kind = Kind is "weekly_key" ? "weekly_key" : "daily";
        Input.VisitedAt = Now;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateTimeOffset? visitedAt = null;
        if (!string.IsNullOrWhiteSpace(Input.VisitedAt))
        {
            if (DateTime.TryParse(Input.VisitedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                visitedAt = new DateTimeOffset(local, ChinaTime.Offset);
            }
            else
            {
                ShowErrors(new ValidationFailedException(new Dictionary<string, string[]> { ["visitedAt"] = ["走访时间格式不正确。"] }));
                await LoadAsync(ct);
                return Page();
            }
        }

        var request = new LogVisit.Request(Input.HouseholdId, Input.Kind, visitedAt, Input.Latitude, Input.Longitude, Input.Accuracy,
            Input.Findings, Input.FollowUpNeeded, Input.FollowUpNote);
        try
        {
            var result = await handler.HandleAsync(request, Input.IdempotencyKey, ct);
            Toast(result.Replayed ? "这次走访已登记过，未重复保存" : "走访已登记");
            return Redirect("/visits/due");
        }
        catch (NotFoundException)
        {
            ShowErrors(new ValidationFailedException(new Dictionary<string, string[]> { ["householdId"] = ["未找到该户，或不在您的管辖范围内。"] }));
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var grids = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Grid).OrderBy(r => r.Code).Take(500)
            .Select(r => new { r.Code, r.Name, r.ParentCode }).ToListAsync(ct);
        var villageCodes = grids.Select(g => g.ParentCode).Distinct().ToList();
        var villages = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => villageCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        Grids = [.. grids.Select(g => (g.Code, $"{villages.GetValueOrDefault(g.ParentCode ?? "", "")} {g.Name}".Trim()))];
        var households = db.Households.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Grid) && RegionCode.TryGetLevel(Grid, out _))
        {
            var high = RegionCode.UpperBound(Grid);
            households = households.Where(h => string.Compare(h.RegionCode, Grid) >= 0 && string.Compare(h.RegionCode, high) < 0);
        }
        else if (Input.HouseholdId is { } chosen)
        {
            var code = await households.Where(h => h.Id == chosen).Select(h => h.RegionCode).FirstOrDefaultAsync(ct);
            if (code is not null)
            {
                Grid = code[..RegionCode.LengthOf(RegionLevel.Grid)];
                var high = RegionCode.UpperBound(Grid);
                households = households.Where(h => string.Compare(h.RegionCode, Grid) >= 0 && string.Compare(h.RegionCode, high) < 0);
            }
        }

        var rows = await (
            from h in households
            join s in db.HouseholdVisitStates on h.Id equals s.HouseholdId into states
            from s in states.DefaultIfEmpty()
            orderby h.RegionCode, h.Id
            select new
            {
                h.Id,
                h.RegionCode,
                h.Address,
                Head = db.Residents.Where(r => r.HouseholdId == h.Id).OrderBy(r => r.Id).Select(r => r.Name).FirstOrDefault(),
                Key = s != null && s.Key,
            }).Take(MaxChoices + 1).ToListAsync(ct);
        NeedsGrid = rows.Count > MaxChoices;
        if (NeedsGrid)
        {
            Households = [];
            return;
        }

        var units = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => units.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var full = HouseholdDisplay.ShowsInFull(Actor);
        Households = [.. rows.Select(r => new Choice(r.Id,
            $"{names.GetValueOrDefault(r.RegionCode, r.RegionCode)} · {HouseholdDisplay.Address(r.Address, full)}{(r.Head is null ? "" : $"（户主 {HouseholdDisplay.Head(r.Head, full)}）")}{(r.Key ? " ★重点户" : "")}",
            r.Key))];
    }
}
