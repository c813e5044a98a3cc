using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Audit.VerifyAudit;

/// <summary>
/// Walks the whole chain (integrity is a property of the whole log, so this ignores scope; it
/// reports sequence numbers only) and compares its end with the recorded head, so that
/// entries cut off the end are found too.
/// </summary>
public static class VerifyAudit
{
    public sealed record Report(bool Intact, long Checked, long? FirstBadSeq, string Message, DateTime VerifiedAt);

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Report> HandleAsync(CancellationToken ct = default)
        {
            var entries = db.AuditEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(a => a.Seq).AsAsyncEnumerable();
            var buffer = new List<AuditEntry>();
            await foreach (var e in entries.WithCancellation(ct))
            {
                buffer.Add(e);
            }

            var finding = AuditChain.Verify(buffer);
            var now = clock.GetUtcNow().UtcDateTime;
            if (!finding.Intact)
            {
                return new Report(false, finding.CheckedCount, finding.FirstBadSeq, finding.Problem!, now);
            }

            var head = await db.Settings.AsNoTracking().Where(s => s.Key == AuditChain.HeadSetting).Select(s => s.Value).FirstOrDefaultAsync(ct);
            var last = buffer.Count == 0 ? null : buffer[^1];
            var expected = last is null ? null : $"{last.Seq}:{last.Hash}";
            if (head != expected)
            {
                var headSeq = head is null ? 0 : long.Parse(head.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
                return new Report(false, finding.CheckedCount, (last?.Seq ?? 0) + 1,
                    $"日志末尾缺失：记录的最后一条是第 {headSeq} 条，现存只到第 {last?.Seq ?? 0} 条。", now);
            }

            return new Report(true, finding.CheckedCount, null, $"共 {finding.CheckedCount} 条记录，哈希链完整。", now);
        }
    }
}
