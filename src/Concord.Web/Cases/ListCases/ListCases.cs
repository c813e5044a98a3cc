using System.Globalization;
using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases.ListCases;

/// <summary>The case list of the user's scope: filters, Chinese keywords, paging.</summary>
public static class ListCases
{
    public sealed record Query(string? Q, string? Status, string? CategoryCode, string? Channel, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 20, string? Region = null);

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
                var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
                cases = cases.Where(c => c.RegisteredAt >= fromUtc);
            }

            // A place within the scope (e.g. an early warning's village): the scope filter still applies.
            if (!string.IsNullOrWhiteSpace(q.Region) && Domain.Regions.RegionCode.TryGetLevel(q.Region.Trim(), out _))
            {
                var region = q.Region.Trim();
                var upper = Domain.Regions.RegionCode.UpperBound(region);
                cases = cases.Where(c => string.Compare(c.RegionCode, region) >= 0 && string.Compare(c.RegionCode, upper) < 0);
            }

            if (q.To is { } to)
            {
                var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);
                cases = cases.Where(c => c.RegisteredAt < toUtc);
            }

            return cases;
        }
    }

    public static string FormatTotal(Page page) =>
        page.TotalIsCapped ? page.Total.ToString("N0", CultureInfo.InvariantCulture) + "+" : page.Total.ToString(CultureInfo.InvariantCulture);
}
