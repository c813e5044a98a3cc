using Concord.Web.Persistence;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concord.Web.Tests.Persistence;

/// <summary>
/// The numbered schema scripts are hand-maintained beside the EF model; these tests keep the
/// two from drifting apart on whichever provider the run uses (SQLite, or PostgreSQL in CI).
/// </summary>
public sealed class SchemaScriptTests
{
    private static readonly SchemaMigrator s_migrator = new(NullLogger<SchemaMigrator>.Instance);

    /// <summary>Indexes on columns of complex types, which EF cannot model: created by the scripts only.</summary>
    private static readonly string[] s_scriptOnlyIndexes =
        ["ix_case_parties_id_number_digest", "ix_case_parties_phone_digest", "ix_cases_address_digest"];

    [Fact]
    public async Task The_tests_run_on_the_provider_that_was_asked_for()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        db.IsPostgres.ShouldBe(TestDatabase.PostgresRequested);
    }

    [Fact]
    public async Task The_schema_scripts_build_exactly_the_schema_the_EF_model_expects()
    {
        await using var scripted = await TestDatabase.CreateAsync();
        await using var modelled = await TestDatabase.CreateAsync();
        List<string> fromScripts;
        List<string> fromModel;
        await using (var db = scripted.CreateContext())
        {
            (await s_migrator.MigrateAsync(db)).ShouldBeGreaterThan(0);
            fromScripts = await SchemaSnapshot.ReadAsync(db);
        }

        await using (var db = modelled.CreateContext())
        {
            (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
            fromModel = await SchemaSnapshot.ReadAsync(db);
        }

        fromModel.Count(l => l.StartsWith("table ", StringComparison.Ordinal)).ShouldBeGreaterThan(10);
        foreach (var index in s_scriptOnlyIndexes)
        {
            fromScripts.ShouldContain(l => l.StartsWith("index ", StringComparison.Ordinal) && l.Contains(index, StringComparison.Ordinal), $"script-only index {index}");
        }

        fromScripts = [.. fromScripts.Where(l => !s_scriptOnlyIndexes.Any(i => l.Contains(i, StringComparison.Ordinal)))];
        var onlyInScripts = fromScripts.Except(fromModel).ToList();
        var onlyInModel = fromModel.Except(fromScripts).ToList();
        (onlyInScripts.Count + onlyInModel.Count).ShouldBe(0,
            $"Only in the scripts:\n  {string.Join("\n  ", onlyInScripts)}\nOnly in the EF model:\n  {string.Join("\n  ", onlyInModel)}");
    }

    [Fact]
    public async Task The_scripts_create_the_search_table_that_the_model_does_not_know()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await s_migrator.MigrateAsync(db);
        var count = await db.Database.SqlQueryRaw<int>(db.IsPostgres
            ? "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = 'case_search'"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = 'case_search'").SingleAsync();
        count.ShouldBe(1);
    }

    [Fact]
    public async Task Running_the_migrator_again_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var scripts = SchemaMigrator.ScriptsFor(db.IsPostgres);
        scripts.ShouldNotBeEmpty();
        (await s_migrator.MigrateAsync(db)).ShouldBe(scripts.Count);
        (await s_migrator.MigrateAsync(db)).ShouldBe(0);
        var recorded = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync();
        recorded.Order().ShouldBe(scripts.Select(s => s.Version));
    }

    [Fact]
    public async Task The_migrator_refuses_to_start_when_an_applied_script_has_changed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await s_migrator.MigrateAsync(db);
        // What a script edited after release looks like to the migrator: a different checksum.
        await db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => s_migrator.MigrateAsync(db));
        error.Message.ShouldContain("0001_initial");
    }

    [Fact]
    public void Scripts_are_numbered_without_gaps_for_both_providers()
    {
        foreach (var postgres in new[] { false, true })
        {
            var scripts = SchemaMigrator.ScriptsFor(postgres);
            scripts.Select(s => s.Version).ShouldBe(Enumerable.Range(1, scripts.Count), $"postgres={postgres}");
        }

        SchemaMigrator.ScriptsFor(false).Select(s => s.Name).ShouldBe(SchemaMigrator.ScriptsFor(true).Select(s => s.Name));
    }
}
