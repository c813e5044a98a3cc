using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Concord.Domain.Calendar;
using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Domain.Visits;
using Concord.Web.Events.MoveEvent;
using Concord.Web.Events.ReportEvent;
using Concord.Web.Identity;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Registry;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;

namespace Concord.Web.Demo;

/// <summary>
/// The grid side of the province-scale benchmark data (<c>--grid-workers 100000 --events 5000000
/// --visits 1000000</c>, see bench/README.md), after <see cref="ScaleGenerator"/> has set up the
/// province's counties and grids:
/// <list type="bullet">
/// <item>grid workers: user accounts <c>grid.000001</c> … (role GridWorker, bound to the 网格工作站 of
/// grid (k − 1) mod G in code order, so every grid has one before any has two), all with the demo
/// password through one precomputed hash; each also a grid member with an open 专职网格员 term;</item>
/// <item>households (with head and spouse) for the grids of every <c>--household-every</c>-th worker
/// (<c>grid.000001</c>, <c>grid.000051</c>, … by default) — the workers the load scenario signs in
/// — and <c>--visits</c> visits to them over the past 60 days with their <c>household_visit_states</c>;</item>
/// <item>events over the past year in every grid of the province: items of the event taxonomy,
/// points scattered around a synthetic location of the village, an address for most, a status mix by
/// age (recent ones open, old ones closed and mostly rated), the timeline of the path each took and a
/// running stage deadline for the open ones (overdue ones already escalated, as the sweeper would have
/// left them).</item>
/// </list>
/// Rows are bulk-loaded (<see cref="BulkLoader"/>); the event tables' secondary indexes are dropped
/// for the load and rebuilt once at the end (sorting beats millions of random index insertions).
/// Deterministic for a seed. Protected values (phones, ID numbers) come from small pools of real
/// SM4/SM3 output as in <see cref="ScaleGenerator"/>; household addresses are each protected.
/// </summary>
public static class GridScaleGenerator
{
    public sealed record Options(string Province, int GridWorkers, int Events, int Visits, int HouseholdEvery, int Seed);

    public const int DefaultHouseholdEvery = 50;

    private const int EventChunk = 50_000;

    /// <summary>The login of the k-th generated grid worker (1-based).</summary>
    public static string UserName(int k) => "grid." + k.ToString("D6", CultureInfo.InvariantCulture);

    private static readonly string[] s_roads = ["人民路", "建设路", "文化路", "解放路", "中山路", "新华街", "幸福路", "和平路", "长江路", "朝阳路", "育才路", "工业路"];

    private static readonly string[] s_spots = ["菜市场", "小学门口", "卫生室旁", "村部广场", "公交站", "桥头", "河边", "小区东门", "超市门口", "健身广场"];

    private static readonly string[] s_textTemplates =
    [
        "{0}附近发现{1}，影响群众出行和生活，请及时处置。",
        "巡查中发现{0}{1}，已现场拍照留存。",
        "群众反映{0}存在{1}问题，已到现场核实。",
        "{0}{1}，情况持续多日，周边居民意见较大。",
        "日常走访时发现{0}有{1}现象，需相关部门处理。",
    ];

    private static readonly string[] s_replies = ["已安排人员现场处理完毕。", "已责令当事人限期整改，复查合格。", "已修复，恢复正常使用。", "已清理完毕，并加强日常巡查。", "已约谈相关单位，问题已解决。"];

    private static readonly string[] s_findings =
    [
        "家中一切正常，无矛盾纠纷。", "老人身体状况良好，子女每周回家探望。", "宣传防范电信诈骗知识，发放宣传资料。",
        "邻里关系和睦，未发现安全隐患。", "检查用电用气安全，提醒及时更换老化电线。", "住户外出务工，与其亲属电话联系确认情况正常。",
    ];

    private static readonly (string Finding, string Problem)[] s_problems =
    [
        ("邻居因楼道堆放杂物发生口角。", "楼道杂物引发邻里矛盾，需协调清理"),
        ("住户反映与相邻户因宅基地界址有争议。", "宅基地界址争议，需村委会现场勘查"),
        ("住户反映工地拖欠工资三个月。", "欠薪问题，需转劳动保障部门"),
    ];

    private static readonly string[] s_keyReasons = ["独居老人", "矛盾纠纷当事人", "社区矫正对象", "困难家庭", "留守儿童家庭"];

    public static readonly BulkTable Users = new("users",
        ("id", NpgsqlDbType.Bigint), ("display_name", NpgsqlDbType.Varchar), ("role", NpgsqlDbType.Varchar), ("org_unit_id", NpgsqlDbType.Bigint),
        ("region_code", NpgsqlDbType.Varchar), ("created_at", NpgsqlDbType.TimestampTz), ("user_name", NpgsqlDbType.Varchar), ("normalized_user_name", NpgsqlDbType.Varchar),
        ("email_confirmed", NpgsqlDbType.Boolean), ("password_hash", NpgsqlDbType.Text), ("security_stamp", NpgsqlDbType.Text), ("concurrency_stamp", NpgsqlDbType.Text),
        ("phone_number_confirmed", NpgsqlDbType.Boolean), ("two_factor_enabled", NpgsqlDbType.Boolean), ("lockout_enabled", NpgsqlDbType.Boolean), ("access_failed_count", NpgsqlDbType.Integer));

    public static readonly BulkTable GridMembers = new("grid_members",
        ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar), ("user_id", NpgsqlDbType.Bigint), ("created_at", NpgsqlDbType.TimestampTz),
        ("phone_cipher", NpgsqlDbType.Bytea), ("phone_digest", NpgsqlDbType.Varchar), ("phone_masked", NpgsqlDbType.Varchar));

    public static readonly BulkTable GridAssignments = new("grid_assignments",
        ("id", NpgsqlDbType.Bigint), ("member_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("member_name", NpgsqlDbType.Varchar),
        ("post", NpgsqlDbType.Varchar), ("\"from\"", NpgsqlDbType.Date), ("assigned_by_name", NpgsqlDbType.Varchar));

    public static readonly BulkTable Events = new("grid_events",
        ("id", NpgsqlDbType.Bigint), ("code", NpgsqlDbType.Varchar), ("region_code", NpgsqlDbType.Varchar), ("item_code", NpgsqlDbType.Varchar), ("text", NpgsqlDbType.Varchar),
        ("latitude", NpgsqlDbType.Double), ("longitude", NpgsqlDbType.Double), ("address", NpgsqlDbType.Varchar), ("address_key", NpgsqlDbType.Varchar),
        ("channel", NpgsqlDbType.Varchar), ("status", NpgsqlDbType.Varchar), ("reporter_user_id", NpgsqlDbType.Bigint), ("reporter_name", NpgsqlDbType.Varchar),
        ("reporter_org_unit_id", NpgsqlDbType.Bigint), ("department_org_unit_id", NpgsqlDbType.Bigint), ("dispatcher_org_unit_id", NpgsqlDbType.Bigint),
        ("reported_at", NpgsqlDbType.TimestampTz), ("updated_at", NpgsqlDbType.TimestampTz), ("closed_at", NpgsqlDbType.TimestampTz),
        ("due_at", NpgsqlDbType.TimestampTz), ("rating", NpgsqlDbType.Varchar), ("rated_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable Timeline = new("event_timeline",
        ("id", NpgsqlDbType.Bigint), ("event_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("at", NpgsqlDbType.TimestampTz),
        ("kind", NpgsqlDbType.Varchar), ("text", NpgsqlDbType.Varchar), ("actor_name", NpgsqlDbType.Varchar), ("actor_org_name", NpgsqlDbType.Varchar));

    public static readonly BulkTable Deadlines = new("event_deadlines",
        ("id", NpgsqlDbType.Bigint), ("event_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("stage", NpgsqlDbType.Varchar),
        ("started_at", NpgsqlDbType.TimestampTz), ("due_at", NpgsqlDbType.TimestampTz), ("extended", NpgsqlDbType.Boolean), ("step", NpgsqlDbType.Varchar),
        ("escalations", NpgsqlDbType.Integer), ("next_action_at", NpgsqlDbType.TimestampTz));

    private sealed record Grid(int Index, string Code, string Name, string VillageCode, string VillageShort, long? StationId, string StationName, long? TownCentreId, string TownCentreName, double Lat, double Lon);

    private sealed record EventChunkRows(List<object?[]> Events, List<object?[]> Timeline, List<object?[]> Deadlines);

    public static async Task RunAsync(IServiceProvider services, Options options, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ConcordDb>>();
        var personalData = services.GetRequiredService<PersonalData>();
        var system = Actor.System();
        await using var db = (await factory.CreateDbContextAsync(ct)).ActAs(system);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        var watch = Stopwatch.StartNew();
        var grids = await GridsAsync(db, options.Province, ct);
        Console.WriteLine($"{grids.Count:N0} grids in province {options.Province} ({watch.Elapsed.TotalSeconds:0.0} s)");
        if (grids.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        await Tune(db, bulk: true, ct);
        long firstUserId = 0;
        if (options.GridWorkers > 0)
        {
            firstUserId = await WorkersAsync(db, services.GetRequiredService<IPasswordHasher<AppUser>>(), personalData, grids, options, ct);
        }
        else if (await db.Users.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == UserName(1), ct) is { } first)
        {
            firstUserId = first.Id;
        }

        var workers = firstUserId == 0 ? 0 : await db.Users.IgnoreQueryFilters().CountAsync(u => u.UserName!.StartsWith("grid.") && u.Role == Role.GridWorker, ct);
        if (options.Visits > 0 && workers > 0)
        {
            await HouseholdsAndVisitsAsync(db, personalData, grids, workers, firstUserId, options, ct);
        }

        if (options.Events > 0)
        {
            await EventsAsync(db, services.GetRequiredService<Calendar.CalendarService>().Current, grids, workers, firstUserId, options, ct);
        }

        var analyse = Stopwatch.StartNew();
        await Tune(db, bulk: false, ct);
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE" : "ANALYZE", ct);
        Console.WriteLine($"Statistics updated in {analyse.Elapsed.TotalSeconds:0.0} s; grid data done in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<List<Grid>> GridsAsync(ConcordDb db, string province, CancellationToken ct)
    {
        var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Code.StartsWith(province) && (r.Level == RegionLevel.County || r.Level == RegionLevel.Town || r.Level == RegionLevel.Village || r.Level == RegionLevel.Grid))
            .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode }).ToListAsync(ct);
        var names = regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var units = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.RegionCode.StartsWith(province) && (o.Kind == OrgUnitKind.GridStation || o.Kind == OrgUnitKind.Centre))
            .Select(o => new { o.Code, o.Id, o.Name }).ToListAsync(ct);
        var unitByCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var known = await db.RegionLocations.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(l => l.RegionCode, l => (l.Latitude, l.Longitude), ct);
        var points = SyntheticVillagePoints([.. regions.Where(r => r.Level == RegionLevel.Village).Select(r => r.Code)], known);
        return [.. regions.Where(r => r.Level == RegionLevel.Grid).OrderBy(r => r.Code, StringComparer.Ordinal).Select((r, i) =>
        {
            var village = r.ParentCode!;
            var town = village[..RegionCode.LengthOf(RegionLevel.Town)];
            var station = unitByCode.GetValueOrDefault(r.Code + "-WGZ");
            var centre = unitByCode.GetValueOrDefault(town + "-ZZZX");
            var (lat, lon) = points[village];
            return new Grid(i, r.Code, r.Name, village, CountySetup.ShortVillageName(names[village]), station?.Id, station?.Name ?? names[village] + r.Name,
                centre?.Id, centre?.Name ?? names[town] + "综治中心", lat, lon);
        })];
    }

    /// <summary>
    /// Synthetic village points (the demo county keeps its seeded ones): counties on a golden-angle
    /// spiral around the middle of 安徽省, towns around their county, villages around their town.
    /// </summary>
    private static Dictionary<string, (double Lat, double Lon)> SyntheticVillagePoints(List<string> villages, Dictionary<string, (double, double)> known)
    {
        const double golden = 137.50776 * Math.PI / 180;
        var result = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        var counties = villages.Select(v => v[..6]).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (county, c) in counties.Select((x, i) => (x, i)))
        {
            var cr = 0.2 * Math.Sqrt(c);
            var (cLat, cLon) = (31.8 + (cr * Math.Sin(c * golden)), 117.2 + (cr * Math.Cos(c * golden)));
            var towns = villages.Where(v => v.StartsWith(county, StringComparison.Ordinal)).GroupBy(v => v[..9]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            foreach (var (town, t) in towns.Select((x, i) => (x, i)))
            {
                var tr = t == 0 ? 0 : 0.05 + (0.01 * t);
                var (tLat, tLon) = (cLat + (tr * Math.Sin(t * golden)), cLon + (tr * Math.Cos(t * golden)));
                foreach (var (village, v) in town.Order(StringComparer.Ordinal).Select((x, i) => (x, i)))
                {
                    var vr = 0.008 * Math.Sqrt(v + 1);
                    result[village] = known.TryGetValue(village, out var p) ? p : (Math.Round(tLat + (vr * Math.Sin(v * golden)), 6), Math.Round(tLon + (vr * Math.Cos(v * golden)), 6));
                }
            }
        }

        return result;
    }

    /// <summary>Users, grid members and their terms; returns the first user id.</summary>
    private static async Task<long> WorkersAsync(ConcordDb db, IPasswordHasher<AppUser> hasher, PersonalData personalData, List<Grid> grids, Options options, CancellationToken ct)
    {
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == UserName(1), ct))
        {
            Console.WriteLine("Grid workers already generated: skipped.");
            return (await db.Users.IgnoreQueryFilters().FirstAsync(u => u.UserName == UserName(1), ct)).Id;
        }

        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var random = new Random(options.Seed ^ 0x6121D);
        var faker = new PersonFaker(random);
        var hash = hasher.HashPassword(new AppUser { DisplayName = "", RegionCode = "" }, DemoUsers.Password);
        var phones = Enumerable.Range(0, 256).Select(_ => personalData.ProtectPhone(faker.Mobile())).ToArray();
        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var userId = await loader.MaxIdAsync("users", "id", ct);
        var memberId = await loader.MaxIdAsync("grid_members", "id", ct);
        var assignmentId = await loader.MaxIdAsync("grid_assignments", "id", ct);
        var firstUserId = userId + 1;
        var users = new List<object?[]>(options.GridWorkers);
        var members = new List<object?[]>(options.GridWorkers);
        var assignments = new List<object?[]>(options.GridWorkers);
        var stamp = new byte[20];
        for (var k = 1; k <= options.GridWorkers; k++)
        {
            var grid = grids[(k - 1) % grids.Count];
            if (grid.StationId is not { } station)
            {
                throw new InvalidOperationException($"Grid {grid.Code} has no 网格工作站 org unit.");
            }

            var name = faker.Name();
            var created = now.AddDays(-random.Next(30, 900)).AddMinutes(-random.Next(1440));
            random.NextBytes(stamp);
            var user = UserName(k);
            users.Add(
            [
                ++userId, name, nameof(Role.GridWorker), station, grid.Code, created, user, user.ToUpperInvariant(), false, hash,
                Base32(stamp), new Guid(stamp.AsSpan(0, 16)).ToString(), false, false, true, 0,
            ]);
            var phone = phones[random.Next(phones.Length)];
            members.Add([++memberId, grid.Code, name, userId, created, phone.Cipher, phone.Digest, phone.Masked]);
            assignments.Add([++assignmentId, memberId, grid.Code, name, nameof(GridPost.FullTimeWorker), DateOnly.FromDateTime(created + Sla.ChinaOffset), "系统导入"]);
        }

        await loader.WriteAsync(Users, users, ct);
        await loader.WriteAsync(GridMembers, members, ct);
        await loader.WriteAsync(GridAssignments, assignments, ct);
        await loader.SyncIdentityAsync("users", ct);
        await loader.SyncIdentityAsync("grid_members", ct);
        await loader.SyncIdentityAsync("grid_assignments", ct);
        db.Audit("scale.grid_workers_generated", "Region", options.Province, new { workers = users.Count, grids = grids.Count, first = UserName(1), last = UserName(options.GridWorkers) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Console.WriteLine($"{users.Count:N0} grid workers (users, grid members, terms) in {watch.Elapsed.TotalSeconds:0.0} s");
        return firstUserId;
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var chars = new char[32];
        for (var i = 0; i < 32; i++)
        {
            var bit = i * 5;
            var value = ((bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[(bit / 8) + 1] : 0)) >> (11 - (bit % 8)) & 31;
            chars[i] = alphabet[value];
        }

        return new string(chars);
    }

    /// <summary>Households (head and spouse) of the benchmark workers' grids, visits over 60 days and the households' visit states.</summary>
    private static async Task HouseholdsAndVisitsAsync(ConcordDb db, PersonalData personalData, List<Grid> grids, int workers, long firstUserId, Options options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var benchGrids = Enumerable.Range(0, Math.Min(workers, grids.Count)).Where(i => i % options.HouseholdEvery == 0).Select(i => grids[i]).ToList();
        var gridCodes = benchGrids.Select(g => g.Code).ToHashSet(StringComparer.Ordinal);
        if (await db.Households.IgnoreQueryFilters().AnyAsync(h => h.RegionCode.StartsWith(benchGrids[0].Code), ct))
        {
            Console.WriteLine("Households of the benchmark grids already generated: skipped.");
            return;
        }

        var unitRows = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Level == RegionLevel.HouseholdUnit && r.Code.StartsWith(options.Province))
            .Select(r => new { r.Code, r.ParentCode, r.Population }).ToListAsync(ct);
        var units = unitRows.Where(u => gridCodes.Contains(u.ParentCode!)).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var random = new Random(options.Seed ^ 0x40E5E);
        var faker = new PersonFaker(random);
        var search = new RegistrySearch(personalData);
        var pool = Enumerable.Range(0, 256).Select(_ => faker.Person(options.Province + "0000", now.Year)).Select(p =>
            (Id: personalData.ProtectIdNumber(p.IdNumber), Phone: personalData.ProtectPhone(p.Phone ?? faker.Mobile()), Tail: search.IdTailDigest(p.IdNumber))).ToArray();
        var gridByCode = benchGrids.ToDictionary(g => g.Code, StringComparer.Ordinal);

        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var householdId = await loader.MaxIdAsync("households", "id", ct);
        var residentId = await loader.MaxIdAsync("residents", "id", ct);
        var visitId = await loader.MaxIdAsync("visits", "id", ct);
        var households = new List<(long Id, string Unit, Grid Grid, string Address)>();
        var houseNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var grid = gridByCode[unit.ParentCode!];
            for (var h = 0; h < Math.Max(1, unit.Population / 3); h++)
            {
                var n = houseNumbers[grid.VillageCode] = houseNumbers.GetValueOrDefault(grid.VillageCode) + 1;
                households.Add((++householdId, unit.Code, grid, $"{grid.VillageShort}{s_roads[n / 60 % s_roads.Length]}{(n % 60) + 1}号{(n / 720) + 1}室"));
            }
        }

        var householdRows = new object?[households.Count][];
        Parallel.For(0, households.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var h = households[i];
            var (address, tokens) = search.ProtectAddress(h.Address);
            householdRows[i] = [h.Id, h.Unit, address.Cipher, address.Digest, address.Masked, tokens];
        });
        var residents = new List<object?[]>(households.Count * 2);
        foreach (var h in households)
        {
            var head = faker.Person(h.Grid.Code[..6], now.Year, now.Year - random.Next(28, 76));
            foreach (var (name, male, year, relation) in new[] { (head.Name, head.Male, head.BirthYear, "户主"), (faker.Name(!head.Male), !head.Male, head.BirthYear + random.Next(-4, 5), "配偶") })
            {
                var p = pool[random.Next(pool.Length)];
                residents.Add([++residentId, h.Id, h.Unit, name, male, year, p.Id.Cipher, p.Id.Digest, p.Id.Masked, p.Phone.Cipher, p.Phone.Digest, p.Phone.Masked, p.Tail, relation]);
            }
        }

        await loader.WriteAsync(BulkTables.Households, householdRows, ct);
        await loader.WriteAsync(BulkTables.Residents, residents, ct);

        // Visits: the grid's first worker (grid.k for grid k − 1) visits; each household gets a share
        // of the total, some none at all (they head the due list), 重点户 weekly.
        var visits = new List<object?[]>(options.Visits);
        var states = new List<object?[]>(households.Count);
        var perHousehold = (double)options.Visits / households.Count;
        foreach (var h in households)
        {
            var key = random.Next(100) < 3;
            var count = key ? Math.Max(8, (int)Math.Round(perHousehold)) : random.Next(100) < 10 ? 0 : Math.Max(0, (int)Math.Round(perHousehold * (0.5 + random.NextDouble())));
            var times = Enumerable.Range(0, count).Select(_ => now.AddMinutes(-random.Next(60 * 24 * 60))).Order().ToList();
            foreach (var at in times)
            {
                var problem = random.Next(100) < 3 ? s_problems[random.Next(s_problems.Length)] : default;
                var located = random.Next(100) < 85;
                visits.Add(
                [
                    ++visitId, Convert.ToHexStringLower(RandomBytes(random, 16)), h.Id, h.Unit, (key ? VisitKind.WeeklyKey : VisitKind.Daily).ToString(), at,
                    located ? h.Grid.Lat + ((random.NextDouble() - 0.5) * 0.004) : null, located ? h.Grid.Lon + ((random.NextDouble() - 0.5) * 0.004) : null,
                    located ? 5.0 + random.Next(60) : null, problem.Finding ?? s_findings[random.Next(s_findings.Length)], problem.Problem is not null, problem.Problem,
                    firstUserId + h.Grid.Index, "网格员", nameof(Role.GridWorker), at.AddMinutes(random.Next(1, 30)),
                ]);
            }

            if (count > 0 || key)
            {
                states.Add([h.Id, h.Unit, count > 0 ? times[^1] : null, key, key ? s_keyReasons[random.Next(s_keyReasons.Length)] : null, key ? now.AddDays(-90) : null, key ? "网格长" : null]);
            }
        }

        await loader.WriteAsync(DemoVisits.VisitsTable, visits, ct);
        await loader.WriteAsync(DemoVisits.StatesTable, states, ct);
        await loader.SyncIdentityAsync("households", ct);
        await loader.SyncIdentityAsync("residents", ct);
        await loader.SyncIdentityAsync("visits", ct);
        db.Audit("scale.visits_generated", "Region", options.Province, new { grids = benchGrids.Count, households = households.Count, residents = residents.Count, visits = visits.Count });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Console.WriteLine($"{benchGrids.Count:N0} benchmark grids: {households.Count:N0} households, {residents.Count:N0} residents, {visits.Count:N0} visits, {states.Count:N0} visit states in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }

    private static async Task EventsAsync(ConcordDb db, WorkingCalendar calendar, List<Grid> grids, int workers, long firstUserId, Options options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var eventId = await loader.MaxIdAsync("grid_events", "id", ct);
        if (eventId > 100_000)
        {
            Console.WriteLine("Events already generated: skipped.");
            return;
        }

        var timelineId = await loader.MaxIdAsync("event_timeline", "id", ct);
        var deadlineId = await loader.MaxIdAsync("event_deadlines", "id", ct);
        var sequences = await db.EventSequences.ToDictionaryAsync(s => (s.CountyCode, s.Year), ct);
        var next = sequences.ToDictionary(s => s.Key, s => s.Value.Next);
        var departments = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Kind == OrgUnitKind.Department && o.RegionCode.StartsWith(options.Province))
            .ToDictionaryAsync(o => o.Code, o => (o.Id, o.Name), ct);
        var names = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id >= firstUserId && u.Id < firstUserId + workers)
            .OrderBy(u => u.Id).Select(u => u.DisplayName).ToListAsync(ct);

        Console.WriteLine($"Generating {options.Events:N0} events over {grids.Count:N0} grids …");
        var dropped = await DropIndexesAsync(db, ["grid_events", "event_timeline", "event_deadlines"], ct);
        var chunks = Channel.CreateBounded<EventChunkRows>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                var items = EventTaxonomy.Items;
                var chunkCount = (options.Events + EventChunk - 1) / EventChunk;
                var start = now.AddDays(-365);
                var slice = TimeSpan.FromDays(365) / chunkCount;
                for (var i = 0; i < chunkCount; i++)
                {
                    var random = new Random(options.Seed + 7919 + i);
                    var size = Math.Min(EventChunk, options.Events - (i * EventChunk));
                    var from = start + (slice * i);
                    var rows = new EventChunkRows(new(size), new(size * 4), new(size / 10));
                    foreach (var at in Enumerable.Range(0, size).Select(_ => from + (slice * random.NextDouble())).Order())
                    {
                        var grid = grids[random.Next(grids.Count)];
                        var item = items[random.Next(items.Count)];
                        var county = grid.Code[..6];
                        var seqKey = (county, at.Year);
                        var seq = next.GetValueOrDefault(seqKey, 1);
                        next[seqKey] = seq + 1;
                        var code = EventCode.Format(county, at.Year, seq);
                        var dept = departments.TryGetValue(county + "-" + item.DepartmentSuffix, out var d) ? d : ((long Id, string Name)?)null;
                        AddEvent(rows, random, ++eventId, code, at, now, grid, grids.Count, item, dept, workers, firstUserId, names, calendar, ref timelineId, ref deadlineId);
                    }

                    await chunks.Writer.WriteAsync(rows, ct);
                }

                chunks.Writer.Complete();
            }
            catch (Exception ex)
            {
                chunks.Writer.Complete(ex);
            }
        }, ct);

        long events = 0, timeline = 0, deadlines = 0;
        await foreach (var rows in chunks.Reader.ReadAllAsync(ct))
        {
            await loader.WriteAsync(Events, rows.Events, ct);
            await loader.WriteAsync(Timeline, rows.Timeline, ct);
            await loader.WriteAsync(Deadlines, rows.Deadlines, ct);
            events += rows.Events.Count;
            timeline += rows.Timeline.Count;
            deadlines += rows.Deadlines.Count;
            if (events % 500_000 < EventChunk)
            {
                Console.WriteLine($"  {events,10:N0} events  {events / watch.Elapsed.TotalSeconds,8:N0} events/s");
            }
        }

        await producer;
        var indexing = Stopwatch.StartNew();
        if (db.IsPostgres)
        {
            await loader.ExecuteAsync("SET LOCAL maintenance_work_mem = '1GB'", ct);
        }

        foreach (var sql in dropped)
        {
            await loader.ExecuteAsync(sql, ct);
        }

        Console.WriteLine($"  {dropped.Count} indexes rebuilt in {indexing.Elapsed.TotalSeconds:0.0} s");
        await loader.SyncIdentityAsync("grid_events", ct);
        await loader.SyncIdentityAsync("event_timeline", ct);
        await loader.SyncIdentityAsync("event_deadlines", ct);
        foreach (var ((county, year), value) in next)
        {
            if (sequences.TryGetValue((county, year), out var s))
            {
                s.Next = value;
            }
            else
            {
                db.EventSequences.Add(new Events.EventSequence { CountyCode = county, Year = year, Next = value });
            }
        }

        db.Audit("scale.events_generated", "Region", options.Province, new { events, timeline, deadlines, grids = grids.Count, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Console.WriteLine($"Committed {events:N0} events, {timeline:N0} timeline entries, {deadlines:N0} running deadlines in {watch.Elapsed.TotalSeconds:0.0} s ({events / watch.Elapsed.TotalSeconds:N0} events/s)");
    }

    private static void AddEvent(EventChunkRows rows, Random random, long id, string code, DateTime at, DateTime now, Grid grid, int gridCount, EventItem item, (long Id, string Name)? dept,
        int workers, long firstUserId, List<string> names, WorkingCalendar calendar, ref long timelineId, ref long deadlineId)
    {
        // Who: mostly the grid's own workers; some 联户长, the centre, citizens.
        var roll = random.Next(100);
        // Worker k (0-based) serves grid k mod G.
        var workersOfGrid = grid.Index < workers ? 1 + ((workers - 1 - grid.Index) / gridCount) : 0;
        var channel = workersOfGrid == 0 ? (roll < 70 ? EventChannel.Centre : EventChannel.Citizen)
            : roll < 80 ? EventChannel.Grid : roll < 86 ? EventChannel.HouseholdHead : roll < 94 ? EventChannel.Centre : EventChannel.Citizen;
        long? reporterId = null;
        long? reporterOrg = null;
        string reporterName;
        string? reporterOrgName;
        if (channel == EventChannel.Grid)
        {
            var k = grid.Index + (random.Next(workersOfGrid) * gridCount);
            reporterId = firstUserId + k;
            reporterOrg = grid.StationId;
            reporterName = names[k];
            reporterOrgName = grid.StationName;
        }
        else if (channel == EventChannel.Centre)
        {
            reporterOrg = grid.TownCentreId;
            reporterName = "综治中心值班员";
            reporterOrgName = grid.TownCentreName;
        }
        else
        {
            reporterName = channel == EventChannel.HouseholdHead ? "联户长" : "市民";
            reporterOrgName = null;
        }

        var spot = s_spots[random.Next(s_spots.Length)];
        string? address = random.Next(100) < 70 ? $"{grid.VillageShort}{s_roads[random.Next(s_roads.Length)]}{random.Next(1, 200)}号{spot}" : null;
        var located = address is null || random.Next(100) < 80;
        double? lat = located ? Math.Round(grid.Lat + (Gaussian(random) * 0.004), 6) : null;
        double? lon = located ? Math.Round(grid.Lon + (Gaussian(random) * 0.004), 6) : null;
        var text = string.Format(CultureInfo.InvariantCulture, s_textTemplates[random.Next(s_textTemplates.Length)], address ?? grid.VillageShort + spot, item.Name);

        // Status by age: recent events mostly open, old ones closed.
        var age = now - at;
        var openShare = age < TimeSpan.FromDays(2) ? 65 : age < TimeSpan.FromDays(14) ? 25 : age < TimeSpan.FromDays(60) ? 6 : 1;
        var open = random.Next(100) < openShare;
        var viaDepartment = dept is not null && random.Next(100) < 45;
        EventStatus status;
        if (open)
        {
            var r = random.Next(100);
            status = r < 35 ? EventStatus.Reported : r < 55 ? EventStatus.HandledInGrid : !viaDepartment ? EventStatus.Reported : r < 70 ? EventStatus.Escalated : r < 90 ? EventStatus.Dispatched : EventStatus.Replied;
        }
        else
        {
            var r = random.Next(100);
            status = r < 5 ? EventStatus.Dismissed : r < 35 ? EventStatus.Closed : EventStatus.Rated;
        }

        // The path it took, each step some hours after the previous one (squeezed for recent events).
        var steps = status switch
        {
            EventStatus.Reported => new List<string>(),
            EventStatus.HandledInGrid => ["handled_in_grid"],
            EventStatus.Escalated => ["escalated"],
            EventStatus.Dispatched => ["escalated", "dispatched"],
            EventStatus.Replied => ["escalated", "dispatched", "replied"],
            EventStatus.Dismissed => ["dismissed"],
            _ => viaDepartment ? ["escalated", "dispatched", "replied", "closed"] : ["handled_in_grid", "closed"],
        };
        if (status == EventStatus.Rated)
        {
            steps.Add("rated");
        }

        var room = Math.Max(0.05, Math.Min(48, (now - at).TotalHours / (steps.Count + 1)));
        var t = at;
        var timeline = new List<(DateTime At, string Kind)>(steps.Count + 1) { (at, "reported") };
        foreach (var step in steps)
        {
            t = t.AddHours(room * (0.2 + (0.8 * random.NextDouble())));
            timeline.Add((t, step));
        }

        var closedAt = status is EventStatus.Closed or EventStatus.Rated or EventStatus.Dismissed ? timeline.Last(s => s.Kind != "rated").At : (DateTime?)null;
        var rating = status == EventStatus.Rated ? (random.Next(100) switch { < 80 => EventRating.Satisfied, < 95 => EventRating.BasicallySatisfied, _ => EventRating.Dissatisfied }).ToString() : null;
        var dispatched = steps.Contains("dispatched");
        DateTime? dueAt = null;
        if (open)
        {
            var stage = MoveEvent.Handler.StageFor(status) ?? SlaStage.Acceptance;
            var state = Sla.Start(stage, timeline[^1].At, calendar);
            var policy = Sla.Defaults[stage];
            if (now >= state.DueAt)
            {
                // Overdue: warned and escalated once per period so far, as the sweeper leaves it.
                var periods = (int)((now - state.DueAt) / policy.EscalateAfter);
                state = state with { Step = periods == 0 ? DeadlineStep.Warned : DeadlineStep.Escalated, Escalations = periods };
            }
            else if (now >= state.DueAt - policy.RemindBefore)
            {
                state = state with { Step = DeadlineStep.Reminded };
            }

            rows.Deadlines.Add([++deadlineId, id, grid.Code, stage.ToString(), state.StartedAt, state.DueAt, false, state.Step.ToString(), state.Escalations, Sla.NextActionAt(state)]);
            dueAt = state.DueAt;
        }

        rows.Events.Add(
        [
            id, code, grid.Code, item.Code, text, lat, lon, address, address is null ? null : ReportEvent.AddressKey(address),
            channel.ToString(), status.ToString(), reporterId, reporterName, reporterOrg,
            dispatched ? dept!.Value.Id : null, dispatched || steps.Contains("escalated") ? grid.TownCentreId : null,
            at, timeline[^1].At, closedAt, dueAt, rating, rating is null ? null : timeline[^1].At,
        ]);
        var deptName = dept?.Name ?? "职能部门";
        foreach (var (when, kind) in timeline)
        {
            var (line, actor, org) = kind switch
            {
                "reported" => ($"{EventChannels.Label(channel)}：{EventTaxonomy.PathOf(item.Code)}，{grid.Name}{(address is null ? "" : "，" + address)}。", reporterName, reporterOrgName),
                "handled_in_grid" => ("网格就地处置完毕，上传处置后照片。", "网格员", grid.StationName),
                "escalated" => ("网格无法就地处置，上报综治中心。", "网格员", grid.StationName),
                "dispatched" => ($"派遣至{deptName}办理。", "综治中心", grid.TownCentreName),
                "replied" => ($"{deptName}反馈：{s_replies[random.Next(s_replies.Length)]}", deptName, deptName),
                "closed" => ("核查属实，办结。", "综治中心", grid.TownCentreName),
                "rated" => ($"上报人评价：{EventRatings.Label(Enum.Parse<EventRating>(rating!))}。", reporterName, reporterOrgName),
                _ => ("经核实为重复上报，作废。", "综治中心", grid.TownCentreName),
            };
            rows.Timeline.Add([++timelineId, id, grid.Code, when, kind, line, actor, org]);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Drops the secondary indexes of the tables inside the transaction; returns the statements that re-create them.</summary>
    private static async Task<List<string>> DropIndexesAsync(ConcordDb db, string[] tables, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var indexes = new List<(string Name, string Sql)>();
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = db.IsPostgres
                ? $"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{table}' AND indexname NOT LIKE 'pk_%'"
                : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = $"DROP INDEX \"{name}\"";
            await drop.ExecuteNonQueryAsync(ct);
        }

        return [.. indexes.Select(i => i.Sql)];
    }

    private static async Task Tune(ConcordDb db, bool bulk, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync(bulk ? "SET synchronous_commit = off" : "RESET synchronous_commit", ct);
            return;
        }

        await db.Database.ExecuteSqlRawAsync(bulk
            ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY"
            : "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000", ct);
    }
}
