using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Audit.BrowseAudit;

/// <summary>Audit entries of the auditor's subtree, newest first.</summary>
public static class BrowseAudit
{
    public sealed record Query(string? Action, string? User, int Page = 1, int PageSize = 50);

    public sealed record Item(long Seq, DateTime At, string UserName, string OrgName, string Action, string EntityType, string EntityId, string Changes, string Hash);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<Page> HandleAsync(Query q, CancellationToken ct = default)
        {
            var pageSize = Math.Clamp(q.PageSize, 1, 200);
            var page = Math.Max(1, q.Page);
            var entries = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q.Action))
            {
                entries = entries.Where(a => a.Action.StartsWith(q.Action));
            }

            if (!string.IsNullOrWhiteSpace(q.User))
            {
                entries = entries.Where(a => a.UserName.Contains(q.User));
            }

            var total = await entries.CountAsync(ct);
            var items = await entries.OrderByDescending(a => a.Seq).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(a => new Item(a.Seq, a.At, a.UserName, a.OrgName, a.Action, a.EntityType, a.EntityId, a.Changes, a.Hash))
                .ToListAsync(ct);
            return new Page(items, total, page, pageSize);
        }
    }
}
