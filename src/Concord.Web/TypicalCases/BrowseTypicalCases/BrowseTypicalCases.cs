using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.TypicalCases.BrowseTypicalCases;

/// <summary>
/// The public page of typical cases: published ones only, by category, latest first. The
/// public has no scope, so the system reads; nothing here names the source case or its code.
/// </summary>
public static class BrowseTypicalCases
{
    public const int PageSize = 10;

    public sealed record Item(long Id, string Title, string CategoryCode, string Category, string PlaceName, string Period, string Summary, DateOnly PublishedOn);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, string? Category);

    public sealed record Detail(long Id, string Title, string CategoryCode, string Category, string PlaceName, string Period,
        string Summary, string Narrative, string Result, string? Commentary, DateOnly PublishedOn);

    public sealed class Handler(IDbContextFactory<ConcordDb> contexts)
    {
        public async Task<Page> ListAsync(string? category, int? page, CancellationToken ct = default)
        {
            await using var db = await OpenAsync(ct);
            var query = db.TypicalCases.AsNoTracking().Where(t => t.Status == TypicalCaseStatus.Published);
            var filter = Categories.Find(category)?.Code;
            if (filter is not null)
            {
                query = query.Where(t => t.CategoryCode == filter);
            }

            var total = await query.CountAsync(ct);
            var number = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
            var rows = await query.OrderByDescending(t => t.PublishedAt).ThenByDescending(t => t.Id).Skip((number - 1) * PageSize).Take(PageSize)
                .Select(t => new { t.Id, t.Title, t.CategoryCode, t.PlaceName, t.Period, t.Summary, t.PublishedAt }).ToListAsync(ct);
            return new Page([.. rows.Select(t => new Item(t.Id, t.Title, t.CategoryCode, Categories.NameOf(t.CategoryCode), t.PlaceName, t.Period, t.Summary, Day(t.PublishedAt)))],
                total, number, PageSize, filter);
        }

        public async Task<Detail> GetAsync(long id, CancellationToken ct = default)
        {
            await using var db = await OpenAsync(ct);
            var t = await db.TypicalCases.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.Status == TypicalCaseStatus.Published, ct)
                ?? throw new NotFoundException("该典型案例");
            return new Detail(t.Id, t.Title, t.CategoryCode, Categories.NameOf(t.CategoryCode), t.PlaceName, t.Period, t.Summary, t.Narrative, t.Result, t.Commentary, Day(t.PublishedAt));
        }

        private async Task<ConcordDb> OpenAsync(CancellationToken ct)
        {
            var db = await contexts.CreateDbContextAsync(ct);
            db.ActAs(Actor.System());
            return db;
        }

        private static DateOnly Day(DateTime? at) => DateOnly.FromDateTime((at ?? DateTime.UnixEpoch).AddHours(8));
    }
}
