using Concord.Domain.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Notifications.Inbox;

/// <summary>
/// 消息中心: notifications addressed to the signed-in user or to their org unit. A message to an
/// org unit is one row that all its staff share, so reading it marks it read for the unit.
/// </summary>
public static class Inbox
{
    public sealed record Item(long Id, DateTime At, string Kind, string Text, string? CaseCode, bool Read);

    public sealed record Page(int Unread, int Total, int PageNumber, int PageSize, IReadOnlyList<Item> Items);

    public sealed class Handler(ConcordDb db)
    {
        private IQueryable<Notification> Mine()
        {
            // Org-wide messages are about cases; the admin roles (三员分立) read no cases.
            var orgId = db.Actor.Can(Permission.CasesRead) ? db.Actor.OrgUnitId ?? -1 : -1;
            var userId = db.Actor.UserId ?? -1;
            return db.Notifications.Where(n => n.OrgUnitId == orgId || n.UserId == userId);
        }

        public Task<int> UnreadCountAsync(CancellationToken ct = default) =>
            db.Actor.UserId is null ? Task.FromResult(0) : Mine().CountAsync(n => n.ReadAt == null, ct);

        public async Task<Page> ListAsync(bool unreadOnly, int page, int pageSize, CancellationToken ct = default)
        {
            page = Math.Max(1, page);
            pageSize = Math.Clamp(pageSize, 1, 100);
            var query = unreadOnly ? Mine().Where(n => n.ReadAt == null) : Mine();
            var total = await query.CountAsync(ct);
            var items = await query.OrderByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(n => new Item(n.Id, n.At, n.Kind, n.Text, n.CaseCode, n.ReadAt != null))
                .ToListAsync(ct);
            return new Page(await UnreadCountAsync(ct), total, page, pageSize, items);
        }

        /// <summary>A message addressed to someone else does not exist for this user.</summary>
        public async Task MarkReadAsync(long id, CancellationToken ct = default)
        {
            var n = await Mine().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该消息");
            if (n.ReadAt is not null)
            {
                return;
            }

            n.ReadAt = db.Clock.GetUtcNow().UtcDateTime;
            db.Audit("notification.read", nameof(Notification), id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { n.Kind, n.CaseCode });
            await db.SaveChangesAsync(ct);
        }
    }
}
