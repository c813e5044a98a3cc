using Concord.Web.Audit;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Audit;

/// <summary>
/// The chain as the app writes it, checked from the database. Tampering happens inside a
/// transaction that is rolled back, so the shared database stays intact for other tests.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuditLogTests(ConcordFactory app)
{
    private static Task<List<AuditEntry>> ChainAsync(Concord.Web.Persistence.ConcordDb db) =>
        db.AuditEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(a => a.Seq).ToListAsync();

    private async Task<string> RegisterTwoCasesAsync()
    {
        using var clerk = await app.LoginAsync("clerk");
        await clerk.RegisterCaseAsync();
        return await clerk.RegisterCaseAsync();
    }

    [Fact]
    public async Task The_chain_written_by_start_up_logins_and_intake_verifies_intact()
    {
        var code = await RegisterTwoCasesAsync();
        await using var db = app.SystemDb();
        var entries = await ChainAsync(db);
        entries.ShouldContain(e => e.Action == "case.registered" && e.EntityId == code);
        var finding = AuditChain.Verify(entries);
        finding.Intact.ShouldBeTrue(finding.Problem);
        finding.CheckedCount.ShouldBe(entries.Count);
    }

    [Fact]
    public async Task Parallel_registrations_written_in_batches_keep_one_unbroken_chain()
    {
        using var clerk = await app.LoginAsync("clerk");
        var codes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => clerk.RegisterCaseAsync()));
        await using var db = app.SystemDb();
        var entries = await ChainAsync(db);
        codes.Except(entries.Where(e => e.Action == "case.registered").Select(e => e.EntityId)).ShouldBeEmpty();
        var finding = AuditChain.Verify(entries);
        finding.Intact.ShouldBeTrue(finding.Problem);
    }

    [Fact]
    public async Task A_row_altered_with_raw_sql_is_found()
    {
        var code = await RegisterTwoCasesAsync();
        await using var db = app.SystemDb();
        await using var tx = await db.Database.BeginTransactionAsync();
        var seq = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.EntityId == code).Select(a => a.Seq).SingleAsync();
        (await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET user_name = '他人' WHERE seq = {seq}")).ShouldBe(1);

        var finding = AuditChain.Verify(await ChainAsync(db));
        await tx.RollbackAsync();

        finding.Intact.ShouldBeFalse();
        finding.FirstBadSeq.ShouldBe(seq);
    }

    [Fact]
    public async Task A_row_deleted_with_raw_sql_is_found()
    {
        var code = await RegisterTwoCasesAsync();
        await using var db = app.SystemDb();
        await using var tx = await db.Database.BeginTransactionAsync();
        var seq = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.EntityId == code).Select(a => a.Seq).SingleAsync();
        (await db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE seq = {seq - 1}")).ShouldBe(1);

        var finding = AuditChain.Verify(await ChainAsync(db));
        await tx.RollbackAsync();

        finding.Intact.ShouldBeFalse();
        finding.FirstBadSeq.ShouldBe(seq - 1);
    }

    [Fact]
    public async Task A_registration_is_audited_under_the_clerk_and_their_centre()
    {
        var code = await RegisterTwoCasesAsync();
        await using var db = app.SystemDb();
        var entry = await db.AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.EntityId == code);
        entry.UserName.ShouldBe("王秀兰");
        entry.OrgName.ShouldBe("文昌街道综治中心");
        entry.RegionCode.ShouldBe("340881002");
        entry.UserId.ShouldNotBeNull();
    }
}
