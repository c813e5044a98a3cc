using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry.Households;

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ListHouseholdsModel(HouseholdRegistry.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RegionCode { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public Paged<HouseholdRegistry.Row> Result { get; private set; } = new([], 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(Q, RegionCode, PageNumber, 20, ct);

    public string UrlFor(int page) => Paging.Url(page, ("q", Q), ("regionCode", RegionCode));
}

/// <summary>A household: its place and address, its members, and a form to add one.</summary>
[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class HouseholdModel(HouseholdRegistry.Handler handler, RegistryContext registry) : RegistryItemPage
{
    [BindProperty]
    public HouseholdRegistry.HouseholdInput Input { get; set; } = new(null, null);

    [BindProperty]
    public HouseholdRegistry.ResidentInput Member { get; set; } = new(null, null, null, null, null);

    public HouseholdRegistry.View? View { get; private set; }

    protected override string ListUrl => "/registry/households";

    protected override async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await handler.GetAsync(id, ct);
        Input = new(View.RegionCode, View.Address);
    }

    protected override async Task LoadOptionsAsync(CancellationToken ct) => PlaceOptions = await registry.OptionsAsync(HouseholdRegistry.Levels, ct);

    protected override Task<long> CreateAsync(CancellationToken ct) => handler.CreateAsync(Input, ct);

    protected override Task UpdateAsync(long id, CancellationToken ct) => handler.UpdateAsync(id, Input, ct);

    public async Task<IActionResult> OnPostMemberAsync(long id, CancellationToken ct)
    {
        if (!CanWrite)
        {
            return Forbid();
        }

        return await ActAsync(() => handler.AddResidentAsync(id, Member, ct), "已添加成员", $"/registry/households/{id}", async () =>
        {
            await LoadAsync(id, ct);
            await LoadOptionsAsync(ct);
        });
    }
}

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ResidentModel(HouseholdRegistry.Handler handler) : ConcordPage
{
    [BindProperty]
    public HouseholdRegistry.ResidentInput Input { get; set; } = new(null, null, null, null, null);

    public HouseholdRegistry.ResidentView View { get; private set; } = null!;

    public bool CanWrite => Actor.Can(Permission.RegistryWrite);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!CanWrite)
        {
            return Forbid();
        }

        var posted = Input;
        return await ActAsync(() => handler.UpdateResidentAsync(id, posted, ct), "已保存", $"/registry/residents/{id}", async () =>
        {
            View = await handler.GetResidentAsync(id, ct);
            Input = posted;
        });
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await handler.GetResidentAsync(id, ct);
        Input = new(View.Name, View.Sex, View.IdNumber, View.Phone, View.Relation);
    }
}
