using Concord.Domain.Regions;
using Concord.Domain.Warnings;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Warnings.ListWarnings;

/// <summary>The early warnings of the user's subtree (filters: kind, status, region), one warning, and the open counts by kind.</summary>
public static class ListWarnings
{
    public sealed record Query(string? Kind, string? Status, string? Region, int Page = 1, int PageSize = 20);

    public sealed record LinkedCase(string Code, DateTime RegisteredAt);

    public sealed record Item(long Id, string Kind, string KindLabel, string Title, string Evidence, string RegionCode, string Status, string StatusLabel,
        int CaseCount, IReadOnlyList<LinkedCase> Cases, string? CaseListLink, DateTime FirstSeenAt, DateTime LastSeenAt,
        DateTime? AcknowledgedAt, string? AcknowledgedByName, DateTime? ClosedAt, string? ClosedByName, string? Note);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    /// <summary>Open warnings of the scope by kind (all four kinds always present), for a dashboard.</summary>
    public sealed record Summary(int Total, IReadOnlyDictionary<string, int> ByKind);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<Page> HandleAsync(Query query, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var warnings = db.EarlyWarnings.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.Kind))
            {
                if (Enum.TryParse<WarningKind>(query.Kind, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
                {
                    warnings = warnings.Where(w => w.Kind == kind);
                }
                else
                {
                    errors.Add("kind", "预警类型只能是 repeat、group、risingCategory 或 overdueCluster。");
                }
            }

            if (!string.IsNullOrWhiteSpace(query.Status))
            {
                if (Enum.TryParse<WarningStatus>(query.Status, ignoreCase: true, out var status) && Enum.IsDefined(status))
                {
                    warnings = warnings.Where(w => w.Status == status);
                }
                else
                {
                    errors.Add("status", "状态只能是 open、acknowledged 或 closed。");
                }
            }

            var region = query.Region?.Trim();
            if (!string.IsNullOrEmpty(region))
            {
                if (!RegionCode.TryGetLevel(region, out _))
                {
                    errors.Add("region", "地区代码无效。");
                }
                else
                {
                    var upper = RegionCode.UpperBound(region);
                    warnings = warnings.Where(w => string.Compare(w.RegionCode, region) >= 0 && string.Compare(w.RegionCode, upper) < 0);
                }
            }

            errors.ThrowIfAny();
            var pageSize = Math.Clamp(query.PageSize, 1, 100);
            var page = Math.Max(1, query.Page);
            var total = await warnings.CountAsync(ct);
            var rows = await warnings.OrderByDescending(w => w.LastSeenAt).ThenByDescending(w => w.Id)
                .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return new Page(await ItemsAsync(rows, ct), total, page, pageSize);
        }

        /// <summary>One warning of the subtree; another subtree's is not found.</summary>
        public async Task<Item> OneAsync(long id, CancellationToken ct = default)
        {
            var w = await db.EarlyWarnings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该预警");
            return (await ItemsAsync([w], ct))[0];
        }

        public async Task<Summary> SummaryAsync(CancellationToken ct = default)
        {
            var counts = await db.EarlyWarnings.AsNoTracking().Where(w => w.Status == WarningStatus.Open)
                .GroupBy(w => w.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var byKind = Enum.GetValues<WarningKind>().ToDictionary(JsonName, k => counts.FirstOrDefault(c => c.Key == k)?.Count ?? 0);
            return new Summary(byKind.Values.Sum(), byKind);
        }

        public sealed record RegionOption(string Code, string Name, int Depth);

        /// <summary>The region filter's choices: county, towns and villages of the scope.</summary>
        public async Task<IReadOnlyList<RegionOption>> RegionsAsync(CancellationToken ct = default) =>
            [.. (await db.Regions.AsNoTracking()
                .Where(r => r.Level == RegionLevel.County || r.Level == RegionLevel.Town || r.Level == RegionLevel.Village)
                .OrderBy(r => r.Code).Take(400).Select(r => new { r.Code, r.Name, r.Level }).ToListAsync(ct))
                .Select(r => new RegionOption(r.Code, r.Name, r.Level - RegionLevel.County))];

        private async Task<List<Item>> ItemsAsync(List<EarlyWarning> rows, CancellationToken ct)
        {
            var ids = rows.Select(r => r.Id).ToList();

            // Linked cases are scoped by their own region: only those the user may open are listed.
            var cases = (await db.EarlyWarningCases.AsNoTracking().Where(c => ids.Contains(c.WarningId))
                .Select(c => new { c.WarningId, c.CaseCode, c.RegisteredAt }).ToListAsync(ct)).ToLookup(c => c.WarningId);
            return [.. rows.Select(w => new Item(w.Id, JsonName(w.Kind), WarningRules.Label(w.Kind), w.Title, w.Evidence, w.RegionCode,
                JsonName(w.Status), WarningRules.Label(w.Status), w.CaseCount,
                [.. cases[w.Id].OrderByDescending(c => c.RegisteredAt).Select(c => new LinkedCase(c.CaseCode, c.RegisteredAt))],
                w.CaseListLink, w.FirstSeenAt, w.LastSeenAt, w.AcknowledgedAt, w.AcknowledgedByName, w.ClosedAt, w.ClosedByName, w.Note))];
        }
    }

    public static string JsonName(WarningKind kind) => kind.ToString()[..1].ToLowerInvariant() + kind.ToString()[1..];

    public static string JsonName(WarningStatus status) => status.ToString().ToLowerInvariant();
}
