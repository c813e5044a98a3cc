using System.Text;
using Concord.Web.Persistence;
using Concord.Web.Registry;
using Concord.Web.Registry.Households;
using Concord.Web.Shared;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Concord.Web.Tests.Registry.RegistryFiles;

namespace Concord.Web.Tests.Registry;

/// <summary>
/// A county that ran the version before script 0008 has household addresses in clear: the
/// script keeps them aside and the start-up step encrypts them into their households.
/// </summary>
public sealed class LegacyAddressTests
{
    private const int LastScriptWithClearAddresses = 7;

    private static readonly SchemaMigrator s_migrator = new(NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Clear_addresses_from_before_0008_survive_encrypted_searchable_and_nowhere_in_clear()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext().ActAs(Actor.System());
        (await s_migrator.MigrateAsync(db, LastScriptWithClearAddresses)).ShouldBe(LastScriptWithClearAddresses);

        var marker = Marker();
        var garden = $"安徽省桐城市文昌街道{marker}花园7栋502";
        var lane = $"安徽省桐城市龙眠街道{marker}巷9号";
        var edited = $"安徽省桐城市文昌街道{marker}苑1栋101";
        var clear = new Dictionary<long, string>
        {
            [1] = "  " + garden + " ",
            [2] = lane,
            [3] = $"安徽省桐城市新渡镇{marker}村12号", // edited through the registry after the upgrade, before the step ran
            [4] = "　", // a full-width space: SQL's trim keeps it, the step finds it blank
            [5] = "",
            [6] = "   ",
        };
        foreach (var (id, address) in clear)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO households (id, region_code, address) VALUES ({id}, {XiyuanUnit}, {address})");
        }

        var scripts = SchemaMigrator.ScriptsFor(db.IsPostgres);
        (await s_migrator.MigrateAsync(db)).ShouldBe(scripts.Count - LastScriptWithClearAddresses);
        (await db.LegacyHouseholdAddresses.AsNoTracking().OrderBy(l => l.HouseholdId).Select(l => l.HouseholdId).ToListAsync())
            .ShouldBe([1L, 2L, 3L, 4L], "non-empty addresses only");

        var personalData = new PersonalData();
        personalData.UseKey(PersonalData.NewKey());
        var search = new RegistrySearch(personalData);
        var household3 = await db.Households.SingleAsync(h => h.Id == 3);
        (household3.Address, household3.AddressTokens) = search.ProtectAddress(edited);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var auditBefore = await db.AuditEntries.CountAsync();

        var log = new ListLogger();
        (await LegacyAddresses.EncryptAsync(db, search, log, batchSize: 3)).ShouldBe(2);

        (await db.LegacyHouseholdAddresses.CountAsync()).ShouldBe(0);
        var households = await db.Households.AsNoTracking().ToDictionaryAsync(h => h.Id);
        personalData.Reveal(households[1].Address).ShouldBe(garden);
        personalData.Reveal(households[2].Address).ShouldBe(lane);
        personalData.Reveal(households[3].Address).ShouldBe(edited, "a protected address is newer than the legacy one and stands");
        households[1].AddressTokens.ShouldBe(search.ProtectAddress(garden).Tokens, "the same search tokens as the registry's create and edit");
        households[1].Address.Digest.ShouldBe(personalData.ProtectAddress(garden).Digest);
        households[4].Address.HasValue.ShouldBeFalse();
        households[5].Address.HasValue.ShouldBeFalse();

        var registry = new HouseholdRegistry.Handler(new RegistryContext(db, personalData, search));
        var found = await registry.ListAsync($"{marker}花园", null, 1, 100);
        found.Items.Select(r => (r.Id, r.Address, r.Matched)).ShouldBe([(1L, garden, "地址")]);
        (await registry.ListAsync($"龙眠街道{marker}巷", null, 1, 100)).Items.Select(r => r.Id).ShouldBe([2L]);
        (await registry.ListAsync("新渡镇", null, 1, 100)).Items.ShouldBeEmpty("the superseded legacy address is not indexed");

        foreach (var value in await AllValuesAsync(db, "households"))
        {
            value.ShouldNotContain(marker, Case.Sensitive, "no address in clear left in households");
        }

        var audit = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Seq).Skip(auditBefore).ToListAsync();
        audit.Select(a => a.Action).ShouldBe([LegacyAddresses.AuditAction, LegacyAddresses.AuditAction], "one system action per batch of 3");
        audit.ShouldAllBe(a => a.UserName == "系统");
        (await db.AuditEntries.AsNoTracking().Select(a => a.Changes).ToListAsync()).ShouldAllBe(c => !c.Contains(marker));
        audit[0].Changes.ShouldContain("\"encrypted\":2");
        audit[1].Changes.ShouldContain("\"blank\":1");
        log.Messages.ShouldHaveSingleItem().ShouldContain("Encrypted 2 legacy household addresses");
        log.Messages.ShouldAllBe(m => !m.Contains(marker));

        (await LegacyAddresses.EncryptAsync(db, search, log)).ShouldBe(0, "running the step again does nothing");
        (await db.AuditEntries.CountAsync()).ShouldBe(auditBefore + 2);
        log.Messages.Count.ShouldBe(1);
        personalData.Reveal((await db.Households.AsNoTracking().SingleAsync(h => h.Id == 1)).Address).ShouldBe(garden);
    }

    [Fact]
    public async Task Only_the_system_actor_runs_the_step()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext().ActAs(new Actor(1, "某人", Domain.Identity.Role.SystemAdmin, 1, "桐城市", "340881"));
        var personalData = new PersonalData();
        personalData.UseKey(PersonalData.NewKey());
        await Should.ThrowAsync<InvalidOperationException>(() => LegacyAddresses.EncryptAsync(db, new RegistrySearch(personalData), NullLogger.Instance));
    }

    /// <summary>Every value of every row of a table, as text (byte columns decoded as UTF-8).</summary>
    private static async Task<List<string>> AllValuesAsync(ConcordDb db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            await using var reader = await cmd.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    values.Add(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }

            values.Count.ShouldBeGreaterThan(0);
            return values;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
