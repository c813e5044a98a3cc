using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Concord.Domain.Regions;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Regions.Divisions;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Benchmark data at province scale (<c>--generate-scale --province 34 --cases 1000000</c>, and
/// the grid side with <c>--grid-workers N --events N --visits N</c>, see <see cref="GridScaleGenerator"/>;
/// <c>--cases 0</c> adds only the grid side to a database that already has its cases):
/// every county of the province set up from the division data with its grids, then N cases
/// over the past year with parties, timelines and search documents, bulk-loaded in one write
/// transaction (SQLite: prepared multi-row INSERTs; PostgreSQL: binary COPY, the GIN index
/// rebuilt once at the end). Generation runs on one core while the database works on the other.
/// <para>
/// Parties draw their protected ID numbers and phones from a pool per county rather than
/// encrypting millions of values: the bytes and masks are real SM4/SM3 output, but several
/// parties share one. Benchmark data only — the demo seeder protects every value.
/// </para>
/// </summary>
public static class ScaleGenerator
{
    public sealed record Options(string Province, int Cases, bool Households, int Seed)
    {
        /// <summary>Grid workers, events, visits: see <see cref="GridScaleGenerator"/>.</summary>
        public GridScaleGenerator.Options? Grid { get; init; }

        /// <summary><c>--lean-cases</c>: case rows and roll-ups only (see <see cref="CaseBulkWriter.Lean"/>).</summary>
        public bool Lean { get; init; }

        /// <summary>
        /// <c>--rollup-cases N</c>: adds to the roll-ups what N more generated cases would add, without
        /// writing their rows — the dashboard benchmark's scale (the figures read only the roll-ups).
        /// </summary>
        public int RollupCases { get; init; }
    }

    private const int ChunkSize = 20_000;
    private const int PoolPerCounty = 64;

    public static bool Requested(string[] args) => args.Contains("--generate-scale");

    /// <summary>The demo seeder still runs (logins, the demo county) but without its own cases and people.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> DemoOverrides =>
    [
        new("Demo:HistoricalCases", "0"),
        new("Demo:Households", "false"),
    ];

    public static Options Parse(string[] args, int defaultSeed)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var province = Value("--province") ?? "34";
        if (province.Length != 2 || !province.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("--province takes a 2-digit province code, e.g. 34 (安徽省).");
        }

        var cases = int.Parse(Value("--cases") ?? "1000000", NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var seed = Value("--seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : defaultSeed;
        int Count(string name, int fallback) => Value(name) is { } v ? int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
        var grid = new GridScaleGenerator.Options(province, Count("--grid-workers", 0), Count("--events", 0), Count("--visits", 0),
            Math.Max(1, Count("--household-every", GridScaleGenerator.DefaultHouseholdEvery)), seed);
        return new Options(province, cases, args.Contains("--households"), seed)
        {
            Grid = grid is { GridWorkers: 0, Events: 0, Visits: 0 } ? null : grid,
            Lean = args.Contains("--lean-cases"),
            RollupCases = Count("--rollup-cases", 0),
        };
    }

    /// <summary>Returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string contentRoot, Options options, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ConcordDb>>();
        var personalData = services.GetRequiredService<PersonalData>();
        var system = Actor.System();
        await using (var db = (await factory.CreateDbContextAsync(ct)).ActAs(system))
        {
            if (options.Cases > 0 && await db.Cases.IgnoreQueryFilters().AnyAsync(ct))
            {
                Console.Error.WriteLine("This database already has cases. The scale generator only fills an empty database: point it at a new one (delete the SQLite file or create a new PostgreSQL database).");
                return 2;
            }
        }

        var total = Stopwatch.StartNew();
        var catalog = DivisionCatalog.ForContentRoot(contentRoot).Preload(options.Province);
        var counties = catalog.Province(options.Province).Where(d => d.Level == RegionLevel.County).Select(d => d.Code).ToList();
        Console.WriteLine($"Setting up {counties.Count} counties of province {options.Province} …");
        var grids = 0;
        // All counties first, then grids: CountySetup reads the province's existing region codes,
        // which stays cheap only while grids and 十联户 are not yet among them.
        foreach (var county in counties)
        {
            await using var db = (await factory.CreateDbContextAsync(ct)).ActAs(system);
            if (!await db.OrgUnits.IgnoreQueryFilters().AnyAsync(o => o.Code == county + "-ZZZX", ct))
            {
                await CountySetup.SetUpAsync(db, catalog, county, ct);
            }
        }

        foreach (var county in counties)
        {
            await using var db = (await factory.CreateDbContextAsync(ct)).ActAs(system);
            if (!await db.Regions.IgnoreQueryFilters().AnyAsync(r => r.Level == RegionLevel.Grid && r.Code.StartsWith(county), ct))
            {
                grids += await DemoGrid.BuildAsync(db, county, options.Seed + int.Parse(county, CultureInfo.InvariantCulture), ct);
            }

            if (options.Households)
            {
                await using var peopleDb = (await factory.CreateDbContextAsync(ct)).ActAs(system);
                await DemoPeople.GenerateAsync(peopleDb, personalData, county, options.Seed, ct);
            }
        }

        Console.WriteLine($"Counties set up with {grids:N0} new grids in {total.Elapsed.TotalSeconds:0.0} s");
        if (options.Cases > 0)
        {
            await using var db = (await factory.CreateDbContextAsync(ct)).ActAs(system);
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await GenerateCasesAsync(db, personalData, options, ct);
        }

        if (options.RollupCases > 0)
        {
            await using var db = (await factory.CreateDbContextAsync(ct)).ActAs(system);
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await SynthesizeRollupsAsync(db, options, ct);
        }

        if (options.Grid is { } gridOptions)
        {
            await GridScaleGenerator.RunAsync(services, gridOptions, ct);
        }

        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static async Task SynthesizeRollupsAsync(ConcordDb db, Options options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var places = await CaseFaker.PlacesAsync(db, options.Province, ct);
        Console.WriteLine($"Adding to the roll-ups what {options.RollupCases:N0} cases over {places.Count:N0} villages would add …");
        var random = new Random(options.Seed + 7);
        var faker = new CaseFaker(random, _ => (ProtectedValue.None, ProtectedValue.None));
        var delta = new Domain.Dashboard.RollupDelta();
        for (var i = 0; i < options.RollupCases; i++)
        {
            var registeredAt = now.AddSeconds(-random.NextDouble() * 365 * 86400);
            delta.Add(null, faker.NextFacts(places[random.Next(places.Count)].VillageCode, registeredAt, now));
            if ((i + 1) % 1_000_000 == 0)
            {
                Console.WriteLine($"  {i + 1,12:N0} cases counted in {watch.Elapsed.TotalSeconds:0.0} s");
            }
        }

        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        await Dashboard.RollupStore.WriteBulkAsync(db, loader, delta, ct);
        db.Audit("scale.rollups_synthesized", "Region", options.Province, new { cases = options.RollupCases, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE case_rollups" : "PRAGMA optimize", ct);
        Console.WriteLine($"Roll-ups of {options.RollupCases:N0} more cases written in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task GenerateCasesAsync(ConcordDb db, PersonalData personalData, Options options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var places = await CaseFaker.PlacesAsync(db, options.Province, ct);
        Console.WriteLine($"Generating {options.Cases:N0} cases over {places.Count:N0} villages …");
        var pool = PersonPool(personalData, places.Select(p => p.VillageCode[..6]).Distinct().Order(StringComparer.Ordinal), options.Seed, now.Year);

        var chunks = Channel.CreateBounded<List<CaseDraft>>(3);
        var producer = Task.Run(() => ProduceAsync(chunks.Writer, places, pool, options, now, ct), ct);

        await db.Database.OpenConnectionAsync(ct);
        await Tune(db, bulk: true, ct);
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var loader = new BulkLoader(db);
            if (db.IsPostgres)
            {
                // One GIN build at the end is much faster than a million index insertions.
                await loader.ExecuteAsync("DROP INDEX IF EXISTS ix_case_search_doc", ct);
            }

            var writer = await CaseBulkWriter.StartAsync(db, loader, ct);
            writer.Lean = options.Lean;
            long reported = 0;
            var writing = new Stopwatch();
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct))
            {
                writing.Start();
                await writer.WriteAsync(chunk, ct);
                writing.Stop();
                if (writer.Cases / 100_000 > reported / 100_000 || writer.Cases == options.Cases)
                {
                    reported = writer.Cases;
                    Console.WriteLine($"  {writer.Cases,10:N0} cases  {writer.Cases / watch.Elapsed.TotalSeconds,8:N0} cases/s  (writing {writing.Elapsed.TotalSeconds:0.0} s of {watch.Elapsed.TotalSeconds:0.0} s)");
                }
            }

            await producer;
            await writer.FinishAsync(ct);
            if (db.IsPostgres)
            {
                var index = Stopwatch.StartNew();
                await loader.ExecuteAsync("SET LOCAL maintenance_work_mem = '1GB'", ct);
                await loader.ExecuteAsync("CREATE INDEX ix_case_search_doc ON case_search USING gin (doc)", ct);
                Console.WriteLine($"  search index built in {index.Elapsed.TotalSeconds:0.0} s");
            }

            db.Audit("scale.cases_generated", "Region", options.Province, new
            {
                cases = writer.Cases,
                parties = writer.Parties,
                events = writer.Events,
                villages = places.Count,
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            Console.WriteLine($"Committed {writer.Cases:N0} cases, {writer.Parties:N0} parties, {writer.Events:N0} timeline entries in {watch.Elapsed.TotalSeconds:0.0} s ({writer.Cases / watch.Elapsed.TotalSeconds:N0} cases/s)");
        }

        var analyse = Stopwatch.StartNew();
        await Tune(db, bulk: false, ct);
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE" : "PRAGMA optimize", ct);
        Console.WriteLine($"Statistics updated in {analyse.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Chunk i covers the i-th slice of the year, so ids and codes follow registration time.</summary>
    private static async Task ProduceAsync(ChannelWriter<List<CaseDraft>> output, List<CasePlace> places, ProtectPerson pool, Options options, DateTime now, CancellationToken ct)
    {
        try
        {
            var chunkCount = (options.Cases + ChunkSize - 1) / ChunkSize;
            var start = now.AddDays(-365);
            var slice = TimeSpan.FromDays(365) / chunkCount;
            for (var i = 0; i < chunkCount; i++)
            {
                var random = new Random(options.Seed + i);
                var faker = new CaseFaker(random, pool);
                var size = Math.Min(ChunkSize, options.Cases - (i * ChunkSize));
                var from = start + (slice * i);
                var drafts = Enumerable.Range(0, size)
                    .Select(_ => from + (slice * random.NextDouble()))
                    .Order()
                    .Select(at => faker.Next(places[random.Next(places.Count)], at, now))
                    .ToList();
                await output.WriteAsync(drafts, ct);
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            output.Complete(ex);
        }
    }

    private static ProtectPerson PersonPool(PersonalData personalData, IEnumerable<string> counties, int seed, int year)
    {
        var faker = new PersonFaker(new Random(seed));
        var pool = counties.ToDictionary(c => c, c => Enumerable.Range(0, PoolPerCounty)
            .Select(_ => faker.Person(c, year))
            .Select(p => (personalData.ProtectIdNumber(p.IdNumber), personalData.ProtectPhone(p.Phone ?? faker.Mobile())))
            .ToArray(), StringComparer.Ordinal);
        return person =>
        {
            var entries = pool[person.IdNumber[..6]];
            // The ID number's sequence digits pick the entry: deterministic across runs.
            return entries[int.Parse(person.IdNumber.AsSpan(14, 3), CultureInfo.InvariantCulture) % PoolPerCounty];
        };
    }

    private static async Task Tune(ConcordDb db, bool bulk, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync(bulk ? "SET synchronous_commit = off" : "RESET synchronous_commit", ct);
            return;
        }

        // A generator run is all-or-nothing: a crash means starting again on a new file.
        await db.Database.ExecuteSqlRawAsync(bulk
            ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY"
            : "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000", ct);
    }
}
