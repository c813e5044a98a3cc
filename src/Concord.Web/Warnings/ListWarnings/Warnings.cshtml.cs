using Concord.Domain.Identity;
using Concord.Domain.Warnings;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Warnings.ListWarnings;

/// <summary>/warnings: the early warnings of the subtree with their evidence and cases; 签收 and 关闭 (confirmed) for managers.</summary>
[Authorize(Policy = nameof(Permission.WarningsRead))]
public sealed class WarningsModel(ListWarnings.Handler list, ChangeWarning.ChangeWarning.Handler change, WarningThresholds thresholds) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ListWarnings.Page Result { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<ListWarnings.Handler.RegionOption> Regions { get; private set; } = [];

    public WarningThresholds Thresholds => thresholds;

    public bool CanManage => Actor.Can(Permission.WarningsManage);

    /// <summary>The warning whose form failed, so its errors show beside it.</summary>
    public long? FailedId { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, string? note, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        FailedId = id;
        return await ActAsync(() => change.AcknowledgeAsync(id, new ChangeWarning.ChangeWarning.AcknowledgeRequest(note), ct), "预警已签收", ReturnUrl(), () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, bool confirmed, string? note, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        FailedId = id;
        return await ActAsync(() => change.CloseAsync(id, new ChangeWarning.ChangeWarning.CloseRequest(confirmed, note), ct), "预警已关闭", ReturnUrl(), () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Regions = await list.RegionsAsync(ct);
        try
        {
            Result = await list.HandleAsync(new ListWarnings.Query(Kind, Status, Region, PageNumber, 20), ct);
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }
    }

    public string PageLink(int page) => "/warnings" + QueryString.Create(new Dictionary<string, string?>
    {
        ["kind"] = Kind,
        ["status"] = Status,
        ["region"] = Region,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    private string ReturnUrl() => PageLink(PageNumber);

    public static string KindClass(string kind) => kind switch
    {
        "repeat" => "text-bg-info",
        "group" => "text-bg-danger",
        "risingCategory" => "text-bg-warning",
        _ => "text-bg-dark",
    };

    public static string StatusClass(string status) => status switch
    {
        "open" => "text-bg-danger",
        "acknowledged" => "text-bg-primary",
        _ => "text-bg-secondary",
    };
}
