using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Domain.Regions;
using Concord.Web.Calendar;
using Concord.Web.Events;
using Concord.Web.Events.MoveEvent;
using Concord.Web.Mediation.UploadEvidence;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Events (随手拍) of the demo county in every status, in the grids of 文昌街道 and a few other
/// towns: reported, handled in the grid (with a proof photo) and verified, escalated, dispatched
/// to a department (one of them overdue), replied, closed and rated, dismissed as a duplicate.
/// Deterministic for a seed; times are relative to the seeding time.
/// </summary>
public static class DemoEvents
{
    /// <summary>A 1×1 PNG standing in for the photos of the demo events.</summary>
    private static readonly byte[] s_photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static readonly (string Item, string Text, string Address)[] s_templates =
    [
        ("060201", "人行道上窨井盖缺失，已用锥桶临时围挡，夜间行人易踩空。", "龙眠路与和平路交叉口东侧"),
        ("010101", "小区门口绿化带内堆放生活垃圾，气味较大。", "西苑小区南门"),
        ("050102", "沿街商铺将货架摆到人行道上经营，影响通行。", "人民路 88 号"),
        ("060301", "连续三盏路灯夜间不亮，路段较暗。", "文昌路北段"),
        ("020101", "电线杆和墙面上张贴大量办证小广告。", "六尺巷东口"),
        ("030203", "工地未覆盖裸土，大风天扬尘严重。", "北大街拆迁工地"),
        ("070202", "行道树被风刮断枝，压在非机动车道上。", "盛唐路 12 号门前"),
        ("110102", "楼道内多辆电动车停放充电，飞线充电。", "三里街 5 栋 2 单元"),
        ("040203", "雨后排水井堵塞，污水漫到路面。", "和平路菜市场西侧"),
        ("100102", "两户因楼上装修漏水争吵，情绪激动，需要调解。", "西苑小区 3 栋"),
        ("010502", "共享单车大量堆放在公交站台，影响乘车。", "文昌路公交站"),
        ("120101", "居民反映小区周边缺少公共厕所，建议增设。", "龙眠街道新村"),
    ];

    private static readonly EventStatus[] s_plan =
    [
        EventStatus.Reported, EventStatus.Reported, EventStatus.HandledInGrid, EventStatus.Escalated, EventStatus.Escalated,
        EventStatus.Dispatched, EventStatus.Dispatched, EventStatus.Replied, EventStatus.Closed, EventStatus.Rated,
        EventStatus.Rated, EventStatus.Dismissed,
    ];

    public static async Task<int> SeedAsync(ConcordDb db, IServiceProvider services, string county, int seed, CancellationToken ct)
    {
        var random = new Random(seed + 311);
        var clock = services.GetRequiredService<TimeProvider>();
        var calendar = services.GetRequiredService<CalendarService>().Current;
        var now = clock.GetUtcNow().UtcDateTime;

        // The demo users' own grids first (so a newcomer sees events at once), then grids of other villages.
        var grids = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Level == RegionLevel.Grid && r.Code.StartsWith(county + "00"))
            .OrderBy(r => r.Code).Select(r => r.Code).ToListAsync(ct);
        if (grids.Count == 0)
        {
            return 0;
        }

        string[] favourites = [$"{county}002003001", $"{county}002001001", $"{county}002003002", $"{county}003001001"];
        var places = favourites.Where(grids.Contains).Concat(grids.OrderBy(_ => random.Next()).Take(8)).ToList();
        var units = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.RegionCode.StartsWith(county) && (o.Kind == OrgUnitKind.Department || o.Kind == OrgUnitKind.Centre || o.Kind == OrgUnitKind.GridStation))
            .ToDictionaryAsync(o => o.Code, ct);
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.RegionCode.StartsWith(county))
            .Select(u => new { u.Id, u.DisplayName, u.OrgUnitId, u.Role }).ToListAsync(ct);

        var photoFiles = services.GetRequiredService<EvidenceFiles>();
        var photoSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s_photo));
        var photo = new CheckedPhoto("现场.png", "image/png", s_photo, photoSha);
        await photoFiles.WriteAsync(photo.StoragePath, s_photo, ct);

        // A different file for the proof (a photo may appear once per event): the same image with a byte after its end.
        byte[] proofBytes = [.. s_photo, 0x0A];
        var proofPhoto = new CheckedPhoto("处置后.png", "image/png", proofBytes, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(proofBytes)));
        await photoFiles.WriteAsync(proofPhoto.StoragePath, proofBytes, ct);

        var count = 0;
        for (var i = 0; i < 36; i++)
        {
            var template = s_templates[i % s_templates.Length];
            var status = s_plan[(i * 5) % s_plan.Length];
            var grid = places[i % places.Count];
            var station = units.GetValueOrDefault($"{grid}-WGZ");
            var worker = users.FirstOrDefault(u => u.OrgUnitId == station?.Id && u.Role == Domain.Identity.Role.GridWorker);
            var reportedAt = now.AddHours(-(6 + random.Next(0, 24 * 20)));
            if (status == EventStatus.Dispatched && i % 2 == 1)
            {
                // At the department for over two weeks: overdue, on its way to 督办.
                reportedAt = now.AddDays(-16);
            }

            var item = EventTaxonomy.FindItem(template.Item)!;
            var e = new GridEvent
            {
                Code = EventCode.Format(county, reportedAt.Year, 0),
                RegionCode = grid,
                ItemCode = item.Code,
                Text = template.Text,
                Latitude = Math.Round(31.035 + (random.NextDouble() * 0.03), 6),
                Longitude = Math.Round(116.935 + (random.NextDouble() * 0.03), 6),
                Address = template.Address,
                AddressKey = Events.ReportEvent.ReportEvent.AddressKey(template.Address),
                Channel = worker is null ? EventChannel.Citizen : EventChannel.Grid,
                Status = status,
                ReporterUserId = worker?.Id,
                ReporterOrgUnitId = worker?.OrgUnitId,
                ReporterName = worker?.DisplayName ?? "群众",
                ReportedAt = reportedAt,
                UpdatedAt = reportedAt,
            };
            var reporterName = e.ReporterName;
            var t = reportedAt;
            e.Photos.Add(EventPhotoFiles.ToRow(photo, e, PhotoPurpose.Report, worker?.Id, t));
            Line(e, t, "reported", $"{EventChannels.Label(e.Channel)}：{EventTaxonomy.PathOf(e.ItemCode)}，{template.Address}，现场照片 1 张。", reporterName, station?.Name);
            var town = grid[..RegionCode.LengthOf(RegionLevel.Town)];
            var centre = units.GetValueOrDefault($"{town}-ZZZX");
            var department = units.GetValueOrDefault($"{county}-{item.DepartmentSuffix}");
            var (clerkName, handlerName) = town == $"{county}002" ? ("王秀兰", "钱伟") : ("中心受理员", "部门办理人");

            if (status is EventStatus.HandledInGrid)
            {
                t = t.AddHours(3);
                e.Photos.Add(EventPhotoFiles.ToRow(proofPhoto, e, PhotoPurpose.Proof, worker?.Id, t));
                Line(e, t, nameof(EventAction.HandleInGrid), "就地处置：已联系相关责任人现场处理（处置后照片 1 张），待核查。", reporterName, station?.Name);
            }

            if (status is EventStatus.Escalated or EventStatus.Dispatched or EventStatus.Replied or EventStatus.Closed or EventStatus.Rated)
            {
                t = t.AddHours(2);
                Line(e, t, nameof(EventAction.Escalate), "上报中心（办小事、报大事）：网格无法处置。", reporterName, station?.Name);
            }

            if (status is EventStatus.Dispatched or EventStatus.Replied or EventStatus.Closed or EventStatus.Rated && department is not null)
            {
                t = t.AddHours(4);
                e.DepartmentOrgUnitId = department!.Id;
                e.DispatcherOrgUnitId = centre?.Id;
                Line(e, t, nameof(EventAction.Dispatch), $"派遣至{department.Name}，办理期限 {Shared.Fmt.Time(Sla.DueAt(t, Sla.Defaults[SlaStage.Disposal], calendar))}。", clerkName, centre?.Name);
            }

            if (status is EventStatus.Replied or EventStatus.Closed or EventStatus.Rated && department is not null)
            {
                t = t.AddDays(1);
                Line(e, t, nameof(EventAction.Reply), "部门反馈：已安排人员到现场处置完毕。", handlerName, department!.Name);
            }

            if (status is EventStatus.Closed or EventStatus.Rated)
            {
                t = t.AddHours(5);
                e.ClosedAt = t;
                Line(e, t, nameof(EventAction.AcceptReply), "核查通过，事件办结。", clerkName, centre?.Name);
            }

            if (status is EventStatus.Rated)
            {
                t = t.AddHours(8);
                e.Rating = i % 3 == 0 ? EventRating.BasicallySatisfied : EventRating.Satisfied;
                e.RatedAt = t;
                Line(e, t, nameof(EventAction.Rate), $"报告人评价：{EventRatings.Label(e.Rating.Value)}", reporterName, station?.Name);
            }

            if (status is EventStatus.Dismissed)
            {
                t = t.AddHours(1);
                e.ClosedAt = t;
                Line(e, t, nameof(EventAction.Dismiss), "作废：与已上报事件重复。", clerkName, centre?.Name);
            }

            e.UpdatedAt = t;
            if (MoveEvent.Handler.StageFor(status) is { } stage)
            {
                var deadline = new EventDeadline { RegionCode = grid, Stage = stage, StartedAt = t };
                deadline.Apply(Sla.Start(stage, t, calendar));
                e.Deadlines.Add(deadline);
                e.DueAt = deadline.DueAt;
            }

            db.GridEvents.Add(e);
            count++;
        }

        // Codes in report order, numbered like the live sequence.
        var ordered = db.ChangeTracker.Entries<GridEvent>().Select(x => x.Entity).OrderBy(x => x.ReportedAt).ToList();
        var year = now.Year;
        var sequence = 0L;
        foreach (var e in ordered)
        {
            db.Entry(e).Property(x => x.Code).CurrentValue = EventCode.Format(county, e.ReportedAt.Year, ++sequence);
        }

        db.EventSequences.Add(new EventSequence { CountyCode = county, Year = year, Next = sequence + 1 });
        db.Audit("demo.events_seeded", nameof(GridEvent), county, new { events = count });
        await db.SaveChangesAsync(ct);
        return count;
    }

    private static void Line(GridEvent e, DateTime at, string kind, string text, string actor, string? org) =>
        e.Timeline.Add(new EventEntry { RegionCode = e.RegionCode, At = at, Kind = kind, Text = text, ActorName = actor, ActorOrgName = org });
}
