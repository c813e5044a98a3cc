using Concord.Web.Audit;
using Concord.Web.Shared;

namespace Concord.Web.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly Actor s_clerk = new(7, "王秀兰", Domain.Identity.Role.Clerk, 3, "文昌街道综治中心", "340881002");

    private static List<AuditEntry> Chain(int length)
    {
        var entries = new List<AuditEntry>();
        var prev = AuditChain.Genesis;
        var at = AuditChain.Truncate(new DateTime(2026, 11, 21, 6, 30, 0, DateTimeKind.Utc));
        for (var seq = 1; seq <= length; seq++)
        {
            var entry = AuditChain.Seal(seq, at.AddSeconds(seq), s_clerk, "case.registered", "Case", $"340881-2026-{seq:000000}", $"{{\"summary\":\"物业纠纷{seq}\"}}", prev);
            entries.Add(entry);
            prev = entry.Hash;
        }

        return entries;
    }

    private static AuditEntry With(AuditEntry e, string? changes = null, string? hash = null, string? prevHash = null) => new()
    {
        Seq = e.Seq,
        At = e.At,
        UserId = e.UserId,
        UserName = e.UserName,
        OrgName = e.OrgName,
        RegionCode = e.RegionCode,
        Action = e.Action,
        EntityType = e.EntityType,
        EntityId = e.EntityId,
        Changes = changes ?? e.Changes,
        PrevHash = prevHash ?? e.PrevHash,
        Hash = hash ?? e.Hash,
    };

    [Fact]
    public void An_intact_chain_verifies()
    {
        var finding = AuditChain.Verify(Chain(5));
        finding.Intact.ShouldBeTrue(finding.Problem);
        finding.CheckedCount.ShouldBe(5);
    }

    [Fact]
    public void An_empty_chain_is_intact()
    {
        AuditChain.Verify([]).Intact.ShouldBeTrue();
    }

    [Fact]
    public void An_altered_entry_is_reported_by_its_sequence_number()
    {
        var chain = Chain(5);
        chain[2] = With(chain[2], changes: "{\"summary\":\"邻里纠纷\"}");
        var finding = AuditChain.Verify(chain);
        finding.Intact.ShouldBeFalse();
        finding.FirstBadSeq.ShouldBe(3);
        finding.CheckedCount.ShouldBe(2);
    }

    [Fact]
    public void An_altered_entry_with_a_recomputed_hash_breaks_the_next_link()
    {
        var chain = Chain(5);
        var forged = With(chain[2], changes: "{\"summary\":\"邻里纠纷\"}");
        chain[2] = With(forged, hash: AuditChain.HashOf(forged));
        var finding = AuditChain.Verify(chain);
        finding.FirstBadSeq.ShouldBe(4);
    }

    [Fact]
    public void A_missing_entry_is_reported()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var finding = AuditChain.Verify(chain);
        finding.Intact.ShouldBeFalse();
        finding.FirstBadSeq.ShouldBe(2);
        finding.Problem!.ShouldContain("缺失");
    }

    [Fact]
    public void A_missing_last_entry_cannot_be_seen_from_the_chain_alone_but_a_missing_first_can()
    {
        var chain = Chain(3);
        AuditChain.Verify(chain.Take(2)).Intact.ShouldBeTrue();
        AuditChain.Verify(chain.Skip(1)).FirstBadSeq.ShouldBe(1);
    }

    [Fact]
    public void Timestamps_are_truncated_to_milliseconds_which_both_databases_store_exactly()
    {
        var at = new DateTime(2026, 11, 21, 6, 30, 0, 123, DateTimeKind.Utc).AddTicks(4567);
        AuditChain.Truncate(at).ShouldBe(new DateTime(2026, 11, 21, 6, 30, 0, 123, DateTimeKind.Utc));
    }
}
