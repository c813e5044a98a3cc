using System.Diagnostics;
using System.Globalization;
using Concord.Domain.Regions;
using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Visits;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Concord.Web.Demo;

/// <summary>
/// Sixty days of household visits for the demo county, deterministic for a given seed, so that
/// coverage is worth looking at: about half the grids are diligent (every household every one to
/// three weeks), a third patchy, the rest neglected (half their households never visited). About
/// 3 % of households are 重点户, visited weekly where the grid is not neglected. The two demo grid
/// workers' grids are fixed: 三里第1网格 diligent, 西苑第1网格 patchy (so its due list has work).
/// Visits and household states are bulk-loaded; a few 周研判 meetings of 西苑 with their items are
/// added through EF.
/// </summary>
public static class DemoVisits
{
    public sealed record Result(int Visits, int KeyHouseholds, int Meetings, TimeSpan Elapsed);

    private const int Days = 60;

    private static readonly string[] s_findings =
    [
        "家中一切正常，无矛盾纠纷。",
        "老人身体状况良好，子女每周回家探望。",
        "了解家庭收入和就业情况，暂无困难。",
        "宣传防范电信诈骗知识，发放宣传资料。",
        "宣传平安建设和矛盾纠纷化解渠道，告知网格员联系方式。",
        "住户反映小区路灯损坏，已告知社区。",
        "邻里关系和睦，未发现安全隐患。",
        "检查用电用气安全，提醒及时更换老化电线。",
        "住户外出务工，与其亲属电话联系确认情况正常。",
        "了解孩子上学情况，家长无特别诉求。",
    ];

    private static readonly (string Finding, string Problem)[] s_problems =
    [
        ("邻居因楼道堆放杂物发生口角。", "楼道杂物引发邻里矛盾，需协调清理"),
        ("住户反映与相邻户因宅基地界址有争议。", "宅基地界址争议，需村委会现场勘查"),
        ("住户反映物业长期不维修漏水屋顶。", "物业维修纠纷苗头，需约谈物业公司"),
        ("独居老人行动不便，近期无人照料。", "独居老人照料问题，需联系民政和志愿者"),
        ("住户反映工地拖欠工资三个月。", "欠薪问题，需转劳动保障部门"),
    ];

    private static readonly string[] s_keyReasons = ["独居老人", "矛盾纠纷当事人", "社区矫正对象", "困难家庭", "留守儿童家庭", "精神障碍患者家庭"];

    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "吴", "周", "徐", "汪", "方", "章", "姚"];

    private static readonly string[] s_givenNames = ["红梅", "海燕", "建军", "晓东", "丽娟", "志刚", "春燕", "国庆", "小军", "玉兰"];

    public static readonly BulkTable VisitsTable = new("visits",
        ("id", NpgsqlDbType.Bigint), ("reference", NpgsqlDbType.Varchar), ("household_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar),
        ("kind", NpgsqlDbType.Varchar), ("visited_at", NpgsqlDbType.TimestampTz), ("latitude", NpgsqlDbType.Double), ("longitude", NpgsqlDbType.Double),
        ("accuracy_meters", NpgsqlDbType.Double), ("findings", NpgsqlDbType.Varchar), ("follow_up_needed", NpgsqlDbType.Boolean),
        ("follow_up_note", NpgsqlDbType.Varchar), ("visitor_user_id", NpgsqlDbType.Bigint), ("visitor_name", NpgsqlDbType.Varchar),
        ("visitor_role", NpgsqlDbType.Varchar), ("recorded_at", NpgsqlDbType.TimestampTz));

    public static readonly BulkTable StatesTable = new("household_visit_states",
        ("household_id", NpgsqlDbType.Bigint), ("region_code", NpgsqlDbType.Varchar), ("last_visited_at", NpgsqlDbType.TimestampTz),
        ("key", NpgsqlDbType.Boolean), ("key_reason", NpgsqlDbType.Varchar), ("key_marked_at", NpgsqlDbType.TimestampTz), ("key_marked_by", NpgsqlDbType.Varchar));

    private sealed record Worker(long? UserId, string Name);

    public static async Task<Result> GenerateAsync(ConcordDb db, string countyCode, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed ^ 0x715175);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var households = await db.Households.IgnoreQueryFilters().AsNoTracking()
            .Where(h => h.RegionCode.StartsWith(countyCode)).OrderBy(h => h.Id)
            .Select(h => new { h.Id, h.RegionCode }).ToListAsync(ct);
        var demoWorkers = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.UserName == "gridworker" || u.UserName == "xiyuan.gridworker")
            .ToDictionaryAsync(u => u.RegionCode, u => new Worker(u.Id, u.DisplayName), ct);
        var gridLength = RegionCode.LengthOf(RegionLevel.Grid);
        var sanliGrid = RegionCode.Grid(countyCode + "002001", 1);
        var xiyuanGrid = RegionCode.Grid(countyCode + "002003", 1);

        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var visitId = await loader.MaxIdAsync("visits", "id", ct);
        var visits = new List<object?[]>();
        var states = new List<object?[]>();
        var keyCount = 0;
        foreach (var grid in households.GroupBy(h => h.RegionCode[..gridLength]))
        {
            // 0 diligent, 1 patchy, 2 neglected.
            var roll = random.Next(100);
            var tier = grid.Key == sanliGrid ? 0 : grid.Key == xiyuanGrid ? 1 : roll < 50 ? 0 : roll < 82 ? 1 : 2;
            var worker = demoWorkers.GetValueOrDefault(grid.Key) ?? new Worker(null, s_surnames[random.Next(s_surnames.Length)] + s_givenNames[random.Next(s_givenNames.Length)]);
            var (gridLat, gridLon) = (31.0359 + ((random.NextDouble() - 0.5) * 0.3), 116.9744 + ((random.NextDouble() - 0.5) * 0.3));
            foreach (var h in grid)
            {
                var key = random.Next(100) < 3;
                string? keyReason = key ? s_keyReasons[random.Next(s_keyReasons.Length)] : null;
                keyCount += key ? 1 : 0;
                var days = VisitDays(random, tier, key);
                DateTime? last = null;
                foreach (var day in days)
                {
                    var at = now.Date.AddDays(-day).AddHours(random.Next(0, 9) + 0.5).AddMinutes(random.Next(60));
                    if (at > now)
                    {
                        at = now.AddMinutes(-random.Next(30, 300));
                    }

                    (string Finding, string Problem)? problem = random.Next(100) < 5 ? s_problems[random.Next(s_problems.Length)] : null;
                    visits.Add(
                    [
                        ++visitId, Reference(random), h.Id, h.RegionCode, (key ? VisitKind.WeeklyKey : VisitKind.Daily).ToString(), at,
                        Math.Round(gridLat + ((random.NextDouble() - 0.5) * 0.004), 6), Math.Round(gridLon + ((random.NextDouble() - 0.5) * 0.004), 6), (double)random.Next(5, 60),
                        problem?.Finding ?? s_findings[random.Next(s_findings.Length)], problem is not null, problem?.Problem,
                        worker.UserId, worker.Name, "GridWorker", at.AddMinutes(random.Next(1, 20)),
                    ]);
                    last = last is null || at > last ? at : last;
                }

                if (last is not null || key)
                {
                    states.Add([h.Id, h.RegionCode, last, key, keyReason, key ? now.AddDays(-Days - 30) : null, key ? "网格长" : null]);
                }
            }
        }

        await loader.WriteAsync(VisitsTable, visits, ct);
        await loader.WriteAsync(StatesTable, states, ct);
        await loader.SyncIdentityAsync("visits", ct);
        var meetings = await MeetingsAsync(db, countyCode, now, ct);
        db.Audit("demo.visits_generated", "Region", countyCode, new { visits = visits.Count, keyHouseholds = keyCount, meetings });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(visits.Count, keyCount, meetings, watch.Elapsed);
    }

    /// <summary>Days ago (0–59) on which a household was visited, by the grid's diligence.</summary>
    private static List<int> VisitDays(Random random, int tier, bool key)
    {
        var days = new List<int>();
        if (tier == 2)
        {
            if (random.Next(2) == 0)
            {
                days.Add(random.Next(Days));
            }

            return days;
        }

        if (tier == 1 && !key && random.Next(100) < 20)
        {
            return days;
        }

        var (min, max) = key ? (5, 9) : tier == 0 ? (6, 24) : (20, 55);
        for (var day = random.Next(0, max); day < Days; day += random.Next(min, max))
        {
            days.Add(day);
        }

        return days;
    }

    private static string Reference(Random random) =>
        random.NextInt64().ToString("x16", CultureInfo.InvariantCulture) + random.NextInt64().ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Weekly meetings of 西苑居委会 and its first grid over the last six weeks; older items done, recent ones open (one overdue).</summary>
    private static async Task<int> MeetingsAsync(ConcordDb db, string countyCode, DateTime now, CancellationToken ct)
    {
        var village = countyCode + "002003";
        var grid = RegionCode.Grid(village, 1);
        if (!await db.Regions.IgnoreQueryFilters().AnyAsync(r => r.Code == grid, ct))
        {
            return 0;
        }

        var users = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.UserName == "gridleader" || u.UserName == "xiyuan.gridworker" || u.UserName == "household")
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var leader = users.FirstOrDefault(u => u.UserName == "gridleader");
        var worker = users.FirstOrDefault(u => u.UserName == "xiyuan.gridworker");
        var today = DateOnly.FromDateTime(now + ChinaTime.Offset);
        var friday = today.AddDays(-(((int)today.DayOfWeek - (int)DayOfWeek.Friday + 7) % 7));
        (string Topic, string Item, string Owner)[] agenda =
        [
            ("西苑小区3栋楼道堆物引发邻里口角，走访中两户均有反映。", "约两户当面协调，清理楼道杂物", "赵丽"),
            ("重点户独居老人近期身体状况下降，子女在外务工。", "联系社区志愿者每周上门两次", "周大山"),
            ("物业长期不维修漏水屋顶，业主有集体投诉苗头。", "约谈物业公司，限期维修并回复业主", "孙海燕"),
            ("工地拖欠农民工工资，已有住户反映。", "转人社部门劳动保障监察，跟踪办理结果", "孙海燕"),
            ("电信诈骗案件近期多发，老年人是主要对象。", "入户发放防诈骗宣传资料，覆盖全部老年户", "赵丽"),
            ("汛期将至，低洼处两户房屋存在安全隐患。", "组织排查并登记转移联系人", "周大山"),
        ];
        var count = 0;
        for (var week = 5; week >= 0; week--)
        {
            var held = friday.AddDays(-7 * week);
            var (topic, item, owner) = agenda[week];
            var villageLevel = week % 2 == 0;
            var code = villageLevel ? village : grid;
            var meeting = new ReviewMeeting
            {
                RegionCode = code,
                HeldOn = held,
                Place = villageLevel ? "西苑社区综治中心会议室" : "西苑社区第1网格工作站",
                Attendees = villageLevel ? "驻社区民警 王警官、社区妇联主任 李秀梅" : null,
                Topics = "本周走访情况通报；" + topic,
                RecordedByUserId = (villageLevel ? leader : worker)?.Id,
                RecordedByName = (villageLevel ? leader?.DisplayName : worker?.DisplayName) ?? "网格员",
                RecordedAt = ChinaTime.StartOf(held).AddHours(17),
            };
            foreach (var u in villageLevel ? users : users.Where(u => u.UserName != "gridleader"))
            {
                meeting.Members.Add(new ReviewMeetingMember { RegionCode = code, UserId = u.Id, Name = u.DisplayName });
            }

            var done = week >= 2;
            meeting.Items.Add(new ReviewItem
            {
                RegionCode = code,
                Text = item,
                OwnerName = owner,
                DueOn = held.AddDays(week == 1 ? 3 : 7),
                Status = done ? ReviewItemStatus.Done : ReviewItemStatus.Open,
                DoneAt = done ? ChinaTime.StartOf(held.AddDays(5)).AddHours(10) : null,
                DoneNote = done ? "已办结，群众表示满意。" : null,
                DoneByName = done ? owner : null,
            });
            meeting.Items.Add(new ReviewItem
            {
                RegionCode = code,
                Text = "下周继续走访重点户，更新走访记录",
                OwnerName = "赵丽",
                DueOn = held.AddDays(7),
                Status = week >= 1 ? ReviewItemStatus.Done : ReviewItemStatus.Open,
                DoneAt = week >= 1 ? ChinaTime.StartOf(held.AddDays(7)).AddHours(9) : null,
                DoneNote = week >= 1 ? "已走访全部重点户。" : null,
                DoneByName = week >= 1 ? "赵丽" : null,
            });
            db.ReviewMeetings.Add(meeting);
            count++;
        }

        return count;
    }
}
