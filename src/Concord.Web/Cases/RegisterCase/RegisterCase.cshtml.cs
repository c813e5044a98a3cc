using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases.RegisterCase;

[Authorize(Policy = nameof(Permission.CasesRegister))]
public sealed class RegisterCaseModel(RegisterCase.Handler handler, ConcordDb db) : ConcordPage
{
    public sealed class PartyForm
    {
        public string? Role { get; set; } = "applicant";

        public string? Kind { get; set; } = "person";

        public string? Name { get; set; }

        public string? IdNumber { get; set; }

        public string? Phone { get; set; }
    }

    public sealed class Form
    {
        public string? Channel { get; set; } = "window";

        public string? CategoryCode { get; set; }

        public string? Summary { get; set; }

        public string? Narrative { get; set; }

        public string? VillageCode { get; set; }

        public string? GridCode { get; set; }

        public string? Address { get; set; }

        /// <summary>Yuan as typed; stored in fen.</summary>
        public decimal? Amount { get; set; }

        public int? PeopleInvolved { get; set; }

        public List<PartyForm> Parties { get; set; } = [new(), new() { Role = "respondent" }];

        /// <summary>Issued with the form; a double submit is recognised and not filed twice.</summary>
        public string? IdempotencyKey { get; set; }
    }

    public sealed record VillageGroup(string TownName, IReadOnlyList<(string Code, string Name)> Villages);

    [BindProperty]
    public Form Input { get; set; } = new();

    public IReadOnlyList<VillageGroup> VillageGroups { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Grids { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.IdempotencyKey = Guid.NewGuid().ToString("N");
        await LoadPickerAsync(ct);
        if (VillageGroups is [{ Villages: [var only] }])
        {
            Input.VillageCode = only.Code;
            Grids = await GridOptions.ForVillageAsync(db, only.Code, ct);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = new RegisterCase.Request(Input.Channel, Input.CategoryCode, Input.Summary, Input.Narrative, Input.VillageCode,
            string.IsNullOrWhiteSpace(Input.GridCode) ? null : Input.GridCode,
            Input.Amount is { } yuan ? (long)Math.Round(yuan * 100m) : null, Input.PeopleInvolved,
            [.. Input.Parties.Where(p => !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.IdNumber) || !string.IsNullOrWhiteSpace(p.Phone))
                .Select(p => new RegisterCase.PartyInput(p.Role, p.Kind, p.Name, p.IdNumber, p.Phone))],
            Input.Address);
        try
        {
            var result = await handler.HandleAsync(request, Input.IdempotencyKey, ct);
            Toast($"已登记，案件编号 {result.Code}");
            return Redirect($"/cases/{result.Code}");
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
            await LoadPickerAsync(ct);
            if (!string.IsNullOrEmpty(Input.VillageCode))
            {
                Grids = await GridOptions.ForVillageAsync(db, Input.VillageCode, ct);
            }

            if (Input.Parties.Count == 0)
            {
                Input.Parties.Add(new PartyForm());
            }

            return Page();
        }
    }

    /// <summary>Villages the actor may file in, grouped by town; a grid-level actor sees their own village.</summary>
    private async Task LoadPickerAsync(CancellationToken ct)
    {
        var scope = Actor.ScopeCode ?? "";
        List<Regions.Region> villages;
        if (RegionCode.TryGetLevel(scope, out var level) && level >= RegionLevel.Village)
        {
            var villageCode = scope[..RegionCode.LengthOf(RegionLevel.Village)];
            villages = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => r.Code == villageCode).ToListAsync(ct);
        }
        else
        {
            villages = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code).ToListAsync(ct);
        }

        var townCodes = villages.Select(v => v.ParentCode!).Distinct().ToList();
        var towns = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => townCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        VillageGroups = [.. villages.GroupBy(v => v.ParentCode!).Select(g => new VillageGroup(towns.GetValueOrDefault(g.Key, g.Key), [.. g.Select(v => (v.Code, v.Name))]))];
    }
}

/// <summary>Grids of a village that the actor can see, for the cascading picker.</summary>
public static class GridOptions
{
    public static async Task<IReadOnlyList<(string Code, string Name)>> ForVillageAsync(ConcordDb db, string villageCode, CancellationToken ct) =>
        [.. (await db.Regions.AsNoTracking().Where(r => r.ParentCode == villageCode && r.Level == RegionLevel.Grid).OrderBy(r => r.Code)
            .Select(r => new { r.Code, r.Name }).ToListAsync(ct)).Select(r => (r.Code, r.Name))];
}
