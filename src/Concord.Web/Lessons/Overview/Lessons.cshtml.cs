using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Lessons.Overview;

/// <summary>/lessons: 我的整改任务, 待复盘案件 (with why each qualifies) and the reviews of the subtree.</summary>
[Authorize(Policy = nameof(Permission.LessonsRead))]
public sealed class LessonsModel(ListCandidates.ListCandidates.Handler candidates, ListReviews.ListReviews.Handler reviews) : ConcordPage
{
    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    /// <summary>Status filter of the reviews (open, closed).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Review { get; set; }

    public ListCandidates.ListCandidates.Page Candidates { get; private set; } = new([], 0, 1, 20, default, null);

    public IReadOnlyList<ListCandidates.ListCandidates.RegionOption> Regions { get; private set; } = [];

    public ListReviews.ListReviews.Page Reviews { get; private set; } = new([], 0, 1, 20);

    public IReadOnlyList<ListReviews.ListReviews.MyAction> MyActions { get; private set; } = [];

    public bool CanManage => Actor.Can(Permission.LessonsManage);

    public async Task OnGetAsync(CancellationToken ct)
    {
        MyActions = await reviews.MineAsync(ct);
        Regions = await candidates.RegionsAsync(ct);
        try
        {
            Candidates = await candidates.HandleAsync(new ListCandidates.ListCandidates.Query(Reason, From, To, Region, PageNumber, 20), ct);
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }

        try
        {
            Reviews = await reviews.HandleAsync(new ListReviews.ListReviews.Query(Review, Region, 1, 50), ct);
        }
        catch (DomainException ex)
        {
            ShowErrors(ex);
        }
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["reason"] = Reason,
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["region"] = Region,
        ["review"] = Review,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    public static string ChipClass(string reason) => reason switch
    {
        "failed" => "text-bg-secondary",
        "dissatisfied" => "text-bg-warning",
        "escalatedOverdue" => "text-bg-danger",
        "repeat" => "text-bg-info",
        _ => "text-bg-primary",
    };
}
