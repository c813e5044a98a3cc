using System.Text;
using Concord.Web.Demo;
using Concord.Web.Identity;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Shared;

/// <summary>Before the first request: schema, keys, policy, demo data.</summary>
public static class Startup
{
    public static async Task PrepareAsync(this WebApplication app, CancellationToken ct = default)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Concord.Startup");
        var db = services.GetRequiredService<ConcordDb>().ActAs(Actor.System());
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(db, ct);
        await LoadDataKeyAsync(app.Configuration, db, services.GetRequiredService<PersonalData>(), log, ct);
        await services.GetRequiredService<SecurityPolicy>().LoadAsync(db, ct);
        await services.GetRequiredService<Calendar.CalendarService>().LoadAsync(db, ct);
        await Registry.Households.LegacyAddresses.EncryptAsync(db, services.GetRequiredService<Registry.RegistrySearch>(), log, ct: ct);
        await Dashboard.RollupMaintenance.EnsureBuiltAsync(db, log, ct);

        var demo = app.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
        if (demo.Seed && await DemoSeeder.SeedAsync(services, demo, log, ct))
        {
            PrintLogins(app);
        }
        else if (demo.Seed)
        {
            PrintLogins(app);
        }

        app.Services.GetRequiredService<ReadyState>().IsReady = true;
    }

    /// <summary>
    /// <c>--setup-county CODE</c>: prepares the database and sets up any county of China by its
    /// GB/T 2260 code (its towns and villages from the division data, and its org units).
    /// </summary>
    public static async Task<int> SetUpCountyAsync(this WebApplication app, string countyCode, CancellationToken ct = default)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ConcordDb>().ActAs(Actor.System(countyCode));
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(db, ct);
        try
        {
            var catalog = Regions.Divisions.DivisionCatalog.ForContentRoot(app.Environment.ContentRootPath);
            var summary = await Org.CountySetup.SetUpAsync(db, catalog, countyCode, ct);
            Console.WriteLine($"已设置 {summary.CountyName}（{summary.CountyCode}）：{summary.Towns} 个乡镇（街道），{summary.Villages} 个村（社区），{summary.OrgUnits} 个组织。");
            return 0;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"无法设置该县：{ex.Message}");
            return 2;
        }
    }

    public static void PrintSchemaScript(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        Console.WriteLine(scope.ServiceProvider.GetRequiredService<ConcordDb>().Database.GenerateCreateScript());
    }

    private static async Task LoadDataKeyAsync(IConfiguration config, ConcordDb db, PersonalData personalData, ILogger log, CancellationToken ct)
    {
        var configured = config["Concord:DataKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            personalData.UseKey(Convert.FromHexString(configured));
            return;
        }

        const string key = "crypto.data_key";
        var stored = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
        if (stored is null)
        {
            stored = new Setting { Key = key, Value = Convert.ToHexString(PersonalData.NewKey()) };
            db.Settings.Add(stored);
            await db.SaveChangesAsync(ct);
            log.LogWarning("No Concord:DataKey configured: generated one and stored it in the database. Configure a key outside the database for production.");
        }

        personalData.UseKey(Convert.FromHexString(stored.Value));
    }

    private static void PrintLogins(WebApplication app)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("  和合 Concord — demo county 桐城市 (340881). Demo logins (password for all: " + DemoUsers.Password + "):");
        foreach (var login in DemoUsers.All)
        {
            text.AppendLine($"    {login.UserName,-18} {Domain.Identity.Roles.Label(login.Role),-8} {login.DisplayName}  ({login.OrgUnitCode})");
        }

        app.Logger.LogInformation("{Logins}", text.ToString());
    }
}

/// <summary>Set once start-up work is done; /healthz answers 503 until then.</summary>
public sealed class ReadyState
{
    public volatile bool IsReady;
}
