using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry.Parts;

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ListPartsModel(PartRegistry.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RegionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public Paged<PartRegistry.View> Result { get; private set; } = new([], 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(Q, RegionCode, State, PageNumber, 20, ct);

    public string UrlFor(int page) => Paging.Url(page, ("q", Q), ("regionCode", RegionCode), ("state", State));
}

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class PartModel(PartRegistry.Handler handler, RegistryContext registry) : RegistryItemPage
{
    [BindProperty]
    public PartRegistry.Input Input { get; set; } = new(null, null, null, null, null, null, null, null);

    public PartRegistry.View? View { get; private set; }

    protected override string ListUrl => "/registry/parts";

    protected override async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await handler.GetAsync(id, ct);
        Input = new(View.KindCode, View.Name, View.RegionCode, View.Location, View.OwnerDepartment, View.State, View.Latitude, View.Longitude);
    }

    protected override async Task LoadOptionsAsync(CancellationToken ct) => PlaceOptions = await registry.OptionsAsync(PartRegistry.Levels, ct);

    protected override Task<long> CreateAsync(CancellationToken ct) => handler.CreateAsync(Input, ct);

    protected override Task UpdateAsync(long id, CancellationToken ct) => handler.UpdateAsync(id, Input, ct);
}
