using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Concord.Web.Cases.ListCases;

[Authorize(Policy = nameof(Permission.CasesRead))]
public sealed class ListCasesModel(ListCases.Handler handler) : ConcordPage
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CategoryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Risk { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Concluded { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? OnTime { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Urgent { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Repeat { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Rated { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Satisfied { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? ConcludedFrom { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? ConcludedTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public int PageSize { get; set; } = 20;

    public ListCases.Query Query => new ListCases.ApiQuery(Q, Status, CategoryCode, Channel, From, To, PageNumber, PageSize,
        Place, Risk, Concluded, Outcome, OnTime, Urgent, Repeat, Group, Rated, Satisfied, ConcludedFrom, ConcludedTo).ToQuery();

    public ListCases.Page Result { get; private set; } = new([], 0, false, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => Result = await handler.HandleAsync(Query, ct);

    /// <summary>The filters as query-string pairs, so paging keeps them (and a list can be bookmarked).</summary>
    public IEnumerable<(string Key, string Value)> FilterValues() => Query.Pairs();

    /// <summary>Whether a dashboard figure's filters (beyond the search form's) are set.</summary>
    public bool HasFigureFilters => Place is not null || Risk is not null || Concluded is not null || Outcome is not null || OnTime is not null
        || Urgent is not null || Repeat is not null || Group is not null || Rated is not null || Satisfied is not null || ConcludedFrom is not null || ConcludedTo is not null;

    /// <summary>The dashboard filters in words.</summary>
    public string FigureFilterText()
    {
        var parts = new List<string>();
        if (Place is not null) { parts.Add("地区 " + Place); }
        if (Risk is not null) { parts.Add("风险 " + (Enum.TryParse<Domain.Cases.RiskLevel>(Risk, true, out var r) ? Domain.Cases.CaseLabels.Of(r) : Risk)); }
        if (Concluded is { } c) { parts.Add(c ? "已办结" : "在办"); }
        if (Outcome is not null) { parts.Add(Outcome.ToLowerInvariant() switch { "resolved" => "化解成功", "failed" => "调解不成", "withdrawn" => "撤回", _ => Outcome }); }
        if (OnTime is { } o) { parts.Add(o ? "按期办结" : "未按期办结"); }
        if (Urgent is { } u) { parts.Add(u ? "红色预警" : "非红色预警"); }
        if (Repeat is { } re) { parts.Add(re ? "重复纠纷" : "非重复纠纷"); }
        if (Group is { } g) { parts.Add(g ? "群体性纠纷" : "非群体性"); }
        if (Rated is { } ra) { parts.Add(ra ? "已评价" : "未评价"); }
        if (Satisfied is { } sa) { parts.Add(sa ? "满意或基本满意" : "不满意"); }
        if (ConcludedFrom is not null || ConcludedTo is not null) { parts.Add($"办结于 {ConcludedFrom:yyyy-MM-dd} 至 {ConcludedTo:yyyy-MM-dd}"); }
        return string.Join("；", parts);
    }

    public string UrlFor(int page)
    {
        var pairs = FilterValues().Append(("page", Math.Max(1, page).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(("pageSize", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "/cases?" + string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
