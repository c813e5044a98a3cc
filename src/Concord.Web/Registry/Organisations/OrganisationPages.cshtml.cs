using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry.Organisations;

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ListOrganisationsModel(OrganisationRegistry.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RegionCode { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public Paged<OrganisationRegistry.View> Result { get; private set; } = new([], 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(Q, RegionCode, PageNumber, 20, ct);

    public string UrlFor(int page) => Paging.Url(page, ("q", Q), ("regionCode", RegionCode));
}

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class OrganisationModel(OrganisationRegistry.Handler handler, RegistryContext registry) : RegistryItemPage
{
    [BindProperty]
    public OrganisationRegistry.Input Input { get; set; } = new(null, null, null, null, null, null, null);

    public OrganisationRegistry.View? View { get; private set; }

    protected override string ListUrl => "/registry/organisations";

    protected override async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await handler.GetAsync(id, ct);
        Input = new(View.Name, View.Kind, View.CreditCode, View.RegionCode, View.Address, View.ContactName, View.ContactPhone);
    }

    protected override async Task LoadOptionsAsync(CancellationToken ct) => PlaceOptions = await registry.OptionsAsync(OrganisationRegistry.Levels, ct);

    protected override Task<long> CreateAsync(CancellationToken ct) => handler.CreateAsync(Input, ct);

    protected override Task UpdateAsync(long id, CancellationToken ct) => handler.UpdateAsync(id, Input, ct);
}
