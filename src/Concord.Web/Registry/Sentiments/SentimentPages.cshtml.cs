using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Registry.Sentiments;

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class ListSentimentsModel(SentimentRegistry.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RegionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Topic { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public Paged<SentimentRegistry.View> Result { get; private set; } = new([], 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.ListAsync(Q, RegionCode, Topic, PageNumber, 20, ct);

    public string UrlFor(int page) => Paging.Url(page, ("q", Q), ("regionCode", RegionCode), ("topic", Topic));
}

[Authorize(Policy = nameof(Permission.RegistryRead))]
public sealed class SentimentModel(SentimentRegistry.Handler handler, RegistryContext registry) : RegistryItemPage
{
    [BindProperty]
    public SentimentRegistry.Input Input { get; set; } = new(null, null, null, null, null);

    public SentimentRegistry.View? View { get; private set; }

    protected override string ListUrl => "/registry/sentiments";

    protected override async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await handler.GetAsync(id, ct);
        Input = new(View.Topic, View.Text, View.RegionCode, View.ReporterName, View.ReportedAt);
    }

    protected override async Task LoadOptionsAsync(CancellationToken ct) => PlaceOptions = await registry.OptionsAsync(SentimentRegistry.Levels, ct);

    protected override Task<long> CreateAsync(CancellationToken ct) => handler.CreateAsync(Input, ct);

    protected override Task UpdateAsync(long id, CancellationToken ct) => handler.UpdateAsync(id, Input, ct);
}
