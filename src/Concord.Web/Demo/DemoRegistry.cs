using System.Globalization;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Concord.Web.Demo;

/// <summary>
/// The six-element registry and the grid's people for the demo county, deterministic for a seed:
/// per village its committee's service centre and a few other places, some city parts and
/// organisations, a sentiment note or two; per grid a 网格长 and one or two 网格员, per 十联户 a
/// 联户长, and for about one grid in five an earlier 网格员 whose term ended. The demo logins
/// of the grid (gridworker, xiyuan.gridworker, gridleader, household) are linked to their posts.
/// Bulk-loaded in one write transaction, phones protected in parallel.
/// </summary>
public static class DemoRegistry
{
    public sealed record Result(int Places, int Parts, int Organisations, int Notes, int Members, int Assignments);

    private static readonly (string UserName, string Grid, GridPost Post, string? Unit)[] s_logins =
    [
        ("gridworker", "340881002001001", GridPost.FullTimeWorker, null),
        ("xiyuan.gridworker", "340881002003001", GridPost.FullTimeWorker, null),
        ("gridleader", "340881002003001", GridPost.GridLeader, null),
        ("household", "340881002003001", GridPost.HouseholdHead, "01"),
    ];

    private static readonly string[] s_notes =
    [
        "居民反映小区路灯夜间不亮，老人出行不便，希望尽快维修。",
        "几户村民对村道拓宽占地补偿标准有意见，情绪较大，需提前做好解释。",
        "群众建议在村部增设便民服务窗口，方便老人办理社保认证。",
        "有居民反映楼上漏水多次协商未果，邻里关系紧张。",
        "村民对今年秸秆禁烧政策不太了解，希望多做宣传。",
        "居民称赞网格员上门帮独居老人代办医保，服务很暖心。",
        "反映附近工地夜间施工噪音扰民，影响休息。",
        "部分务工人员反映工资尚未结清，担心年底讨薪困难。",
    ];

    private static readonly (SentimentTopic Topic, int Weight)[] s_topics =
        [(SentimentTopic.Livelihood, 4), (SentimentTopic.Hazard, 3), (SentimentTopic.Suggestion, 2), (SentimentTopic.Policy, 1), (SentimentTopic.Praise, 1)];

    private static readonly string[] s_industries = ["农业科技", "建材", "纺织", "物流", "食品", "家居"];

    public static async Task<Result> SeedAsync(ConcordDb db, PersonalData personalData, string countyCode, int seed, CancellationToken ct)
    {
        var random = new Random(seed ^ 0x6E1D);
        var faker = new PersonFaker(random);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Code.StartsWith(countyCode) && (r.Level == RegionLevel.Village || r.Level == RegionLevel.Grid || r.Level == RegionLevel.HouseholdUnit))
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Name, r.Level, r.ParentCode }).ToListAsync(ct);
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(u => u.UserName!, u => (u.Id, u.DisplayName), ct);

        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "places", "city_parts", "organisations", "sentiment_notes", "grid_members", "grid_assignments" })
        {
            ids[table] = await loader.MaxIdAsync(table, "id", ct);
        }

        var places = new List<object?[]>();
        var parts = new List<object?[]>();
        var orgs = new List<(object?[] Row, string Contact, string Phone)>();
        var notes = new List<object?[]>();
        var members = new List<(long Id, string Region, string Name, string? Phone, long? UserId)>();
        var assignments = new List<object?[]>();
        var system = "系统初始化";

        foreach (var village in regions.Where(r => r.Level == RegionLevel.Village))
        {
            var name = CountySetup.ShortVillageName(village.Name);
            var urban = !village.Name.EndsWith("村委会", StringComparison.Ordinal);
            var grids = regions.Where(r => r.ParentCode == village.Code).ToList();
            places.Add(Place(++ids["places"], village.Code, $"{name}党群服务中心", PlaceKind.Office, $"{name}综合服务楼", random, now));
            if (urban)
            {
                places.Add(Place(++ids["places"], grids.Count > 0 ? grids[0].Code : village.Code, $"{name}小区", PlaceKind.Residential, $"{name}小区", random, now));
            }

            if (random.Next(100) < 50)
            {
                places.Add(Place(++ids["places"], village.Code, urban ? $"{name}社区卫生服务站" : $"{name}卫生室", PlaceKind.Hospital, $"{name}卫生路1号", random, now));
            }

            if (random.Next(100) < 30)
            {
                places.Add(Place(++ids["places"], village.Code, $"{name}小学", PlaceKind.School, $"{name}学府路8号", random, now));
            }

            foreach (var (code, kindName) in new[] { ("0115", "路灯"), ("0304", "垃圾箱"), (random.Next(2) == 0 ? "0110" : "0103", random.Next(2) == 0 ? "消防栓" : "雨水井盖") })
            {
                var state = random.Next(100) switch { < 80 => CityPartState.Intact, < 93 => CityPartState.Damaged, _ => CityPartState.Missing };
                var (lat, lon) = Near(random);
                parts.Add([++ids["city_parts"], grids.Count > 0 ? grids[random.Next(grids.Count)].Code : village.Code, code,
                    $"{name}{kindName}{random.Next(1, 30)}号", $"{name}主干道旁", lat, lon, code == "0115" ? "桐城市城市管理局" : "桐城市住房和城乡建设局", state.ToString(), now]);
            }

            orgs.Add(([++ids["organisations"], village.Code, $"{name}便民超市", OrganisationKind.IndividualBusiness.ToString(), null, $"{name}商业街{random.Next(1, 60)}号", now], faker.Name(), faker.Mobile()));
            if (random.Next(100) < 60)
            {
                var industry = s_industries[random.Next(s_industries.Length)];
                orgs.Add(([++ids["organisations"], village.Code, $"桐城市{name}{industry}有限公司", OrganisationKind.Enterprise.ToString(), CreditCodeFor(countyCode, random),
                    $"{name}工业园{random.Next(1, 20)}号", now], faker.Name(), faker.Mobile()));
            }

            for (var n = random.Next(1, 3); n > 0; n--)
            {
                var grid = grids.Count > 0 ? grids[random.Next(grids.Count)].Code : village.Code;
                notes.Add([++ids["sentiment_notes"], grid, Topic(random).ToString(), s_notes[random.Next(s_notes.Length)], faker.Name(), null,
                    now.AddDays(-random.Next(1, 60)).AddMinutes(-random.Next(0, 600))]);
            }

            foreach (var grid in grids)
            {
                var units = regions.Where(r => r.ParentCode == grid.Code).ToList();
                Post(grid.Code, GridPost.GridLeader, today.AddDays(-random.Next(200, 1500)));
                Post(grid.Code, GridPost.FullTimeWorker, today.AddDays(-random.Next(30, 700)), history: random.Next(100) < 20);
                if (random.Next(100) < 40)
                {
                    Post(grid.Code, GridPost.PartTimeWorker, today.AddDays(-random.Next(30, 700)));
                }

                foreach (var unit in units)
                {
                    Post(unit.Code, GridPost.HouseholdHead, today.AddDays(-random.Next(30, 1500)));
                }
            }
        }

        void Post(string region, GridPost post, DateOnly from, bool history = false)
        {
            if (history)
            {
                var earlier = NewMember(region, null, faker.Name());
                assignments.Add([++ids["grid_assignments"], earlier.Id, region, earlier.Name, post.ToString(), from.AddDays(-random.Next(300, 900)), from.AddDays(-1),
                    null, system, system, "调离本网格"]);
            }

            var login = s_logins.FirstOrDefault(l => (l.Unit is null ? l.Grid : l.Grid + l.Unit) == region && l.Post == post);
            (long Id, string DisplayName)? user = login.UserName is not null && users.TryGetValue(login.UserName, out var u) ? u : null;
            var member = NewMember(region, user?.Id, user?.DisplayName ?? faker.Name());
            assignments.Add([++ids["grid_assignments"], member.Id, region, member.Name, post.ToString(), from, null, null, system, null, null]);
        }

        (long Id, string Name) NewMember(string region, long? userId, string name)
        {
            members.Add((++ids["grid_members"], region, name, faker.Mobile(), userId));
            return (ids["grid_members"], name);
        }

        var memberRows = new object?[members.Count][];
        Parallel.For(0, members.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var m = members[i];
            var phone = personalData.ProtectPhone(m.Phone);
            memberRows[i] = [m.Id, m.Region, m.Name, m.UserId, now, phone.Cipher, phone.Digest, phone.Masked];
        });
        var orgRows = orgs.Select(o =>
        {
            var contact = personalData.ProtectName(o.Contact);
            var phone = personalData.ProtectPhone(o.Phone);
            return (object?[])[.. o.Row, contact.Cipher, contact.Digest, contact.Masked, phone.Cipher, phone.Digest, phone.Masked];
        }).ToList();

        await loader.WriteAsync(Tables.Places, places, ct);
        await loader.WriteAsync(Tables.Parts, parts, ct);
        await loader.WriteAsync(Tables.Organisations, orgRows, ct);
        await loader.WriteAsync(Tables.Notes, notes, ct);
        await loader.WriteAsync(Tables.Members, memberRows, ct);
        await loader.WriteAsync(Tables.Assignments, assignments, ct);
        foreach (var table in ids.Keys)
        {
            await loader.SyncIdentityAsync(table, ct);
        }

        var result = new Result(places.Count, parts.Count, orgs.Count, notes.Count, members.Count, assignments.Count);
        db.Audit("demo.registry_seeded", "Region", countyCode, result);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private static object?[] Place(long id, string region, string name, PlaceKind kind, string address, Random random, DateTime now)
    {
        var (lat, lon) = Near(random);
        return [id, region, name, kind.ToString(), address, lat, lon, now];
    }

    /// <summary>Somewhere around 桐城市 (31.04 N, 116.95 E).</summary>
    private static (double, double) Near(Random random) =>
        (Math.Round(31.04 + ((random.NextDouble() - 0.5) * 0.4), 5), Math.Round(116.95 + ((random.NextDouble() - 0.5) * 0.4), 5));

    private static SentimentTopic Topic(Random random)
    {
        var roll = random.Next(s_topics.Sum(t => t.Weight));
        foreach (var (topic, weight) in s_topics)
        {
            if ((roll -= weight) < 0)
            {
                return topic;
            }
        }

        return SentimentTopic.Other;
    }

    /// <summary>9 (工商) 1 (企业) + county + a 9-character organisation code + the check character.</summary>
    private static string CreditCodeFor(string countyCode, Random random)
    {
        var first17 = "91" + countyCode + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture) + "MA"[random.Next(2)];
        return first17 + CreditCode.CheckCharFor(first17);
    }

    private static class Tables
    {
        public static readonly BulkTable Places = new("places",
            ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar), ("kind", NpgsqlDbType.Varchar),
            ("address", NpgsqlDbType.Varchar), ("latitude", NpgsqlDbType.Double), ("longitude", NpgsqlDbType.Double), ("updated_at", NpgsqlDbType.TimestampTz));

        public static readonly BulkTable Parts = new("city_parts",
            ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("kind_code", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar),
            ("location", NpgsqlDbType.Varchar), ("latitude", NpgsqlDbType.Double), ("longitude", NpgsqlDbType.Double),
            ("owner_department", NpgsqlDbType.Varchar), ("state", NpgsqlDbType.Varchar), ("updated_at", NpgsqlDbType.TimestampTz));

        public static readonly BulkTable Organisations = new("organisations",
            ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar), ("kind", NpgsqlDbType.Varchar),
            ("credit_code", NpgsqlDbType.Varchar), ("address", NpgsqlDbType.Varchar), ("updated_at", NpgsqlDbType.TimestampTz),
            ("contact_name_cipher", NpgsqlDbType.Bytea), ("contact_name_digest", NpgsqlDbType.Varchar), ("contact_name_masked", NpgsqlDbType.Varchar),
            ("contact_phone_cipher", NpgsqlDbType.Bytea), ("contact_phone_digest", NpgsqlDbType.Varchar), ("contact_phone_masked", NpgsqlDbType.Varchar));

        public static readonly BulkTable Notes = new("sentiment_notes",
            ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("topic", NpgsqlDbType.Varchar), ("text", NpgsqlDbType.Varchar),
            ("reporter_name", NpgsqlDbType.Varchar), ("reported_by_user_id", NpgsqlDbType.Bigint), ("reported_at", NpgsqlDbType.TimestampTz));

        public static readonly BulkTable Members = new("grid_members",
            ("id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("name", NpgsqlDbType.Varchar), ("user_id", NpgsqlDbType.Bigint),
            ("created_at", NpgsqlDbType.TimestampTz), ("phone_cipher", NpgsqlDbType.Bytea), ("phone_digest", NpgsqlDbType.Varchar), ("phone_masked", NpgsqlDbType.Varchar));

        public static readonly BulkTable Assignments = new("grid_assignments",
            ("id", NpgsqlDbType.Bigint), ("member_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("member_name", NpgsqlDbType.Varchar),
            ("post", NpgsqlDbType.Varchar), ("\"from\"", NpgsqlDbType.Date), ("\"to\"", NpgsqlDbType.Date), ("assigned_by_user_id", NpgsqlDbType.Bigint),
            ("assigned_by_name", NpgsqlDbType.Varchar), ("ended_by_name", NpgsqlDbType.Varchar), ("end_reason", NpgsqlDbType.Varchar));
    }
}
