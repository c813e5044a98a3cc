using System.Globalization;
using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases.ListCases;

/// <summary>The case list of the user's scope: filters, Chinese keywords, paging.</summary>
public static class ListCases
{
    public sealed record Query(string? Q, string? Status, string? CategoryCode, string? Channel, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 20)
    {
        /// <summary>A region code: cases of that place and below (within the user's scope anyway).</summary>
        public string? Place { get; init; }

        public string? Risk { get; init; }

        /// <summary>办结 (closed, mediation failed or withdrawn) — the dashboard's meaning.</summary>
        public bool? Concluded { get; init; }

        /// <summary>resolved, failed, withdrawn (<see cref="Domain.Dashboard.CaseOutcome"/>).</summary>
        public string? Outcome { get; init; }

        /// <summary>Concluded with no stage deadline ever overdue.</summary>
        public bool? OnTime { get; init; }

        public bool? Urgent { get; init; }

        public bool? Repeat { get; init; }

        public bool? Group { get; init; }

        public bool? Rated { get; init; }

        /// <summary>Rated 满意 or 基本满意.</summary>
        public bool? Satisfied { get; init; }

        /// <summary>Concluded on or after this day (China time).</summary>
        public DateOnly? ConcludedFrom { get; init; }

        /// <summary>Concluded on or before this day (China time).</summary>
        public DateOnly? ConcludedTo { get; init; }

        /// <summary>The filters as query-string pairs (API and page use the same names).</summary>
        public IEnumerable<(string Key, string Value)> Pairs()
        {
            static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            static string B(bool b) => b ? "true" : "false";
            if (!string.IsNullOrEmpty(Q)) { yield return ("q", Q); }
            if (!string.IsNullOrEmpty(Status)) { yield return ("status", Status); }
            if (!string.IsNullOrEmpty(CategoryCode)) { yield return ("categoryCode", CategoryCode); }
            if (!string.IsNullOrEmpty(Channel)) { yield return ("channel", Channel); }
            if (From is { } f) { yield return ("from", D(f)); }
            if (To is { } t) { yield return ("to", D(t)); }
            if (!string.IsNullOrEmpty(Place)) { yield return ("place", Place); }
            if (!string.IsNullOrEmpty(Risk)) { yield return ("risk", Risk); }
            if (Concluded is { } c) { yield return ("concluded", B(c)); }
            if (!string.IsNullOrEmpty(Outcome)) { yield return ("outcome", Outcome); }
            if (OnTime is { } o) { yield return ("onTime", B(o)); }
            if (Urgent is { } u) { yield return ("urgent", B(u)); }
            if (Repeat is { } r) { yield return ("repeat", B(r)); }
            if (Group is { } g) { yield return ("group", B(g)); }
            if (Rated is { } ra) { yield return ("rated", B(ra)); }
            if (Satisfied is { } sa) { yield return ("satisfied", B(sa)); }
            if (ConcludedFrom is { } cf) { yield return ("concludedFrom", D(cf)); }
            if (ConcludedTo is { } ct) { yield return ("concludedTo", D(ct)); }
        }

        /// <summary>The filters as a query string (without paging), e.g. for links from dashboard figures.</summary>
        public string ToQueryString() => string.Join("&", Pairs().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>GET /api/cases query string (bound with [AsParameters]).</summary>
    public sealed record ApiQuery(string? Q, string? Status, string? CategoryCode, string? Channel, DateOnly? From, DateOnly? To, int? Page, int? PageSize,
        string? Place, string? Risk, bool? Concluded, string? Outcome, bool? OnTime, bool? Urgent, bool? Repeat, bool? Group,
        bool? Rated, bool? Satisfied, DateOnly? ConcludedFrom, DateOnly? ConcludedTo)
    {
        public Query ToQuery() => new(Q, Status, CategoryCode, Channel, From, To, Page ?? 1, PageSize ?? 20)
        {
            Place = Place,
            Risk = Risk,
            Concluded = Concluded,
            Outcome = Outcome,
            OnTime = OnTime,
            Urgent = Urgent,
            Repeat = Repeat,
            Group = Group,
            Rated = Rated,
            Satisfied = Satisfied,
            ConcludedFrom = ConcludedFrom,
            ConcludedTo = ConcludedTo,
        };
    }

    public sealed record Item(string Code, string Summary, string CategoryCode, string Category, string Channel, string ChannelLabel,
        string Status, string StatusLabel, string RiskLevel, string RiskLabel, string RegionCode, DateTime RegisteredAt);

    /// <summary><see cref="Total"/> stops at the cap; <see cref="TotalIsCapped"/> says "or more".</summary>
    public sealed record Page(IReadOnlyList<Item> Items, int Total, bool TotalIsCapped, int PageNumber, int PageSize);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<Page> HandleAsync(Query query, CancellationToken ct = default)
        {
            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(1, query.Page);
            var cases = Filtered(query);
            var total = await cases.Take(CaseSearch.CountCap + 1).CountAsync(ct);
            var rows = await cases.OrderByDescending(c => c.Id)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(c => new { c.Code, c.Summary, c.CategoryCode, c.Channel, c.Status, c.RiskLevel, c.RegionCode, c.RegisteredAt })
                .ToListAsync(ct);
            var items = rows.Select(c => new Item(c.Code, c.Summary, c.CategoryCode, Categories.NameOf(c.CategoryCode),
                Channels.Code(c.Channel), Channels.Label(c.Channel), c.Status.ToString(), CaseLabels.Of(c.Status),
                c.RiskLevel.ToString(), CaseLabels.Of(c.RiskLevel), c.RegionCode, c.RegisteredAt)).ToList();
            return new Page(items, Math.Min(total, CaseSearch.CountCap), total > CaseSearch.CountCap, page, pageSize);
        }

        private IQueryable<Case> Filtered(Query q)
        {
            var keywords = q.Q?.Trim();
            IQueryable<Case> cases;
            if (string.IsNullOrEmpty(keywords))
            {
                cases = db.Cases;
            }
            else if (CaseCode.TryParse(keywords, out _, out _, out _))
            {
                cases = db.Cases.Where(c => c.Code == keywords);
            }
            else if (Domain.Search.CjkTokens.ForQuery(keywords).Count == 0)
            {
                cases = db.Cases.Where(c => false);
            }
            else
            {
                cases = CaseSearch.Matching(db, keywords, db.Actor.IsSystem ? "" : db.Actor.ScopeCode ?? "");
            }

            cases = cases.AsNoTracking();
            if (Enum.TryParse<CaseStatus>(q.Status, ignoreCase: true, out var status))
            {
                cases = cases.Where(c => c.Status == status);
            }

            if (!string.IsNullOrEmpty(q.CategoryCode))
            {
                cases = cases.Where(c => c.CategoryCode == q.CategoryCode);
            }

            if (Channels.TryParse(q.Channel, out var channel))
            {
                cases = cases.Where(c => c.Channel == channel);
            }

            if (q.From is { } from)
            {
                var fromUtc = ChinaMidnightUtc(from);
                cases = cases.Where(c => c.RegisteredAt >= fromUtc);
            }

            if (q.To is { } to)
            {
                var toUtc = ChinaMidnightUtc(to.AddDays(1));
                cases = cases.Where(c => c.RegisteredAt < toUtc);
            }

            return FiguresFiltered(cases, q);
        }

        /// <summary>The dashboard's filters: each figure of the roll-ups is one combination of them.</summary>
        private static IQueryable<Case> FiguresFiltered(IQueryable<Case> cases, Query q)
        {
            if (!string.IsNullOrEmpty(q.Place))
            {
                var place = q.Place;
                cases = cases.Where(c => c.RegionCode.StartsWith(place));
            }

            if (Enum.TryParse<RiskLevel>(q.Risk, ignoreCase: true, out var risk))
            {
                cases = cases.Where(c => c.RiskLevel == risk);
            }

            if (q.Concluded is { } concluded)
            {
                cases = concluded
                    ? cases.Where(c => c.Status == CaseStatus.Closed || c.Status == CaseStatus.NoAgreement || c.Status == CaseStatus.Withdrawn)
                    : cases.Where(c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.NoAgreement && c.Status != CaseStatus.Withdrawn);
            }

            if (Enum.TryParse<Domain.Dashboard.CaseOutcome>(q.Outcome, ignoreCase: true, out var outcome))
            {
                cases = cases.Where(c => c.Outcome == outcome
                    && (c.Status == CaseStatus.Closed || c.Status == CaseStatus.NoAgreement || c.Status == CaseStatus.Withdrawn));
            }

            if (q.OnTime is { } onTime)
            {
                cases = cases.Where(c => c.ConcludedOnTime == onTime
                    && (c.Status == CaseStatus.Closed || c.Status == CaseStatus.NoAgreement || c.Status == CaseStatus.Withdrawn));
            }

            if (q.Urgent is { } urgent)
            {
                cases = cases.Where(c => c.Urgent == urgent);
            }

            if (q.Repeat is { } repeat)
            {
                cases = cases.Where(c => c.RepeatDispute == repeat);
            }

            if (q.Group is { } group)
            {
                cases = cases.Where(c => c.GroupDispute == group);
            }

            if (q.Rated is { } rated)
            {
                cases = rated ? cases.Where(c => c.Rating != null) : cases.Where(c => c.Rating == null);
            }

            if (q.Satisfied is { } satisfied)
            {
                cases = satisfied
                    ? cases.Where(c => c.Rating == Closing.Rating.Satisfied || c.Rating == Closing.Rating.BasicallySatisfied)
                    : cases.Where(c => c.Rating == Closing.Rating.Dissatisfied);
            }

            if (q.ConcludedFrom is not null || q.ConcludedTo is not null)
            {
                cases = cases.Where(c => c.ConcludedAt != null
                    && (c.Status == CaseStatus.Closed || c.Status == CaseStatus.NoAgreement || c.Status == CaseStatus.Withdrawn));
            }

            if (q.ConcludedFrom is { } cFrom)
            {
                var fromUtc = ChinaMidnightUtc(cFrom);
                cases = cases.Where(c => c.ConcludedAt >= fromUtc);
            }

            if (q.ConcludedTo is { } cTo)
            {
                var toUtc = ChinaMidnightUtc(cTo.AddDays(1));
                cases = cases.Where(c => c.ConcludedAt < toUtc);
            }

            return cases;
        }
    }

    /// <summary>The UTC instant of midnight China time (UTC+8, no daylight saving) starting <paramref name="day"/>.</summary>
    public static DateTime ChinaMidnightUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    public static string FormatTotal(Page page) =>
        page.TotalIsCapped ? page.Total.ToString("N0", CultureInfo.InvariantCulture) + "+" : page.Total.ToString(CultureInfo.InvariantCulture);
}
