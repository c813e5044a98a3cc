using System.Globalization;
using Concord.Web.Shared;

namespace Concord.Web.Audit;

/// <summary>The audit log's hash chain: how an entry is sealed and how the chain is checked.</summary>
public static class AuditChain
{
    /// <summary>Settings key holding "seq:hash" of the newest entry, written with every append.</summary>
    public const string HeadSetting = "audit.head";

    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Milliseconds: what both databases store exactly, so a re-read entry hashes the same.</summary>
    public static DateTime Truncate(DateTime at) =>
        new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    public static AuditEntry Seal(long seq, DateTime at, Actor actor, string action, string entityType, string entityId, string changes, string prevHash)
    {
        var region = actor.IsSystem ? actor.ScopeCode ?? "" : actor.ScopeCode ?? "";
        var hash = Hash(seq, at, actor.UserId, actor.Name, actor.OrgName, region, action, entityType, entityId, changes, prevHash);
        return new AuditEntry
        {
            Seq = seq,
            At = at,
            UserId = actor.UserId,
            UserName = actor.Name,
            OrgName = actor.OrgName,
            RegionCode = region,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Changes = changes,
            PrevHash = prevHash,
            Hash = hash,
        };
    }

    public static string HashOf(AuditEntry e) =>
        Hash(e.Seq, e.At, e.UserId, e.UserName, e.OrgName, e.RegionCode, e.Action, e.EntityType, e.EntityId, e.Changes, e.PrevHash);

    private static string Hash(long seq, DateTime at, long? userId, string userName, string orgName, string region,
        string action, string entityType, string entityId, string changes, string prevHash)
    {
        var canonical = string.Join('\u001F',
            prevHash,
            seq.ToString(CultureInfo.InvariantCulture),
            at.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture),
            userId?.ToString(CultureInfo.InvariantCulture) ?? "",
            userName, orgName, region, action, entityType, entityId, changes);
        return Sm.Sm3Hex(canonical);
    }

    /// <summary>What a verification found: the first broken entry, or none.</summary>
    public sealed record Finding(long CheckedCount, long? FirstBadSeq, string? Problem)
    {
        public bool Intact => FirstBadSeq is null;
    }

    /// <summary>Walks entries in Seq order; reports the first one altered, missing or out of place.</summary>
    public static Finding Verify(IEnumerable<AuditEntry> entriesInOrder)
    {
        long expectedSeq = 1;
        var prev = Genesis;
        long count = 0;
        foreach (var e in entriesInOrder)
        {
            if (e.Seq != expectedSeq)
            {
                return new Finding(count, expectedSeq, $"第 {expectedSeq} 条记录缺失（下一条是第 {e.Seq} 条）。");
            }

            if (e.PrevHash != prev)
            {
                return new Finding(count, e.Seq, $"第 {e.Seq} 条记录与前一条的链接不符，前一条可能被改动或删除。");
            }

            if (HashOf(e) != e.Hash)
            {
                return new Finding(count, e.Seq, $"第 {e.Seq} 条记录的内容已被改动（哈希不符）。");
            }

            prev = e.Hash;
            expectedSeq++;
            count++;
        }

        return new Finding(count, null, null);
    }
}
