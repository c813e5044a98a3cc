using Concord.Web.Identity;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Regions.Divisions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

public sealed class DemoOptions
{
    public bool Seed { get; set; } = true;

    public string County { get; set; } = "340881";

    public int RandomSeed { get; set; } = 20261122;

    /// <summary>Historical cases over the past year.</summary>
    public int HistoricalCases { get; set; } = 3000;

    /// <summary>Households and residents for every grid (the tests switch this off for speed).</summary>
    public bool Households { get; set; } = true;
}

/// <summary>Seeds the demo county on first start: tree, org units, grids, people, staff, a year of cases.</summary>
public static class DemoSeeder
{
    public static async Task<bool> SeedAsync(IServiceProvider services, DemoOptions options, ILogger log, CancellationToken ct)
    {
        var db = services.GetRequiredService<ConcordDb>().ActAs(Shared.Actor.System(options.County));
        if (await db.Regions.IgnoreQueryFilters().AnyAsync(r => r.Code == options.County, ct))
        {
            return false;
        }

        var env = services.GetRequiredService<IWebHostEnvironment>();
        var clock = services.GetRequiredService<TimeProvider>();
        var setup = await CountySetup.SetUpAsync(db, DivisionCatalog.ForContentRoot(env.ContentRootPath), options.County, ct);
        log.LogInformation("Set up {County}: {Towns} towns, {Villages} villages, {Units} org units", setup.CountyName, setup.Towns, setup.Villages, setup.OrgUnits);
        log.LogInformation("Seeded resident populations of {Places} places", await DemoPopulation.SeedAsync(db, options.County, ct));
        var grids = await DemoGrid.BuildAsync(db, options.County, options.RandomSeed, ct);
        log.LogInformation("Built {Grids} grids", grids);
        var personalData = services.GetRequiredService<Shared.PersonalData>();
        if (options.Households)
        {
            var people = await DemoPeople.GenerateAsync(db, personalData, options.County, options.RandomSeed, ct);
            log.LogInformation("Generated {Households} households, {Residents} residents in {Seconds:0.0} s", people.Households, people.Residents, people.Elapsed.TotalSeconds);
        }

        if (options.HistoricalCases > 0)
        {
            var cases = await DemoCases.GenerateAsync(db, personalData, options.County, options.HistoricalCases, options.RandomSeed, ct);
            log.LogInformation("Generated {Cases} historical cases ({Parties} parties, {Events} timeline entries) in {Seconds:0.0} s", cases.Cases, cases.Parties, cases.Events, cases.Elapsed.TotalSeconds);
        }

        await DemoUsers.CreateAsync(db, services.GetRequiredService<UserManager<AppUser>>(), clock, ct);
        log.LogInformation("Registered {Mediators} mediators", await DemoMediators.SeedAsync(db, options.County, options.RandomSeed, ct));
        log.LogInformation("Seeded {Events} events", await DemoEvents.SeedAsync(db, services, options.County, options.RandomSeed, ct));
        var visits = await DemoVisits.GenerateAsync(db, options.County, options.RandomSeed, ct);
        log.LogInformation("Generated {Visits} visits ({Key} key households), {Meetings} 研判 meetings in {Seconds:0.0} s", visits.Visits, visits.KeyHouseholds, visits.Meetings, visits.Elapsed.TotalSeconds);
        log.LogInformation("Seeded {Reviews} 以案促改 reviews", await DemoLessons.SeedAsync(db, options.County, ct));
        log.LogInformation("Registered {Apps} Open311 demo client apps", await Open311.DemoClientApps.SeedAsync(db, services.GetRequiredService<Open311.ClientAppKeys>(), clock, ct));
        log.LogInformation("Seeded the six-element registry and grid members: {Registry}", await DemoRegistry.SeedAsync(db, personalData, options.County, options.RandomSeed, ct));
        log.LogInformation("Published {TypicalCases} demo typical cases", await DemoTypicalCases.SeedAsync(services, ct));
        return true;
    }
}
