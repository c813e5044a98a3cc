using Concord.Domain.Cases;
using Concord.Web.Lessons;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Two 以案促改 reviews in 文昌街道 on failed historical cases: one closed (every action done,
/// confirmed by the county supervisor), one in progress with an action of the demo mediator still
/// open and one of 文昌街道综治中心 (the demo clerk's) overdue. Nothing is seeded when there are no failed cases (tests).
/// </summary>
public static class DemoLessons
{
    public static async Task<int> SeedAsync(ConcordDb db, string countyCode, CancellationToken ct)
    {
        var town = countyCode + "002";
        var failed = await db.Cases.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Status == CaseStatus.NoAgreement && c.RegionCode.StartsWith(town))
            .OrderBy(c => c.Id).Take(3).Select(c => new { c.Id, c.Code, c.RegionCode, c.RegisteredAt }).ToListAsync(ct);
        if (failed.Count < 3 || await db.LessonReviews.IgnoreQueryFilters().AnyAsync(ct))
        {
            return 0;
        }

        var orgs = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Code == town + "-TWH" || o.Code == town + "-ZZZX")
            .ToDictionaryAsync(o => o.Code, ct);
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.UserName == "mediator" || u.UserName == "supervisor" || u.UserName == "clerk")
            .ToDictionaryAsync(u => u.UserName!, ct);
        if (orgs.Count < 2 || users.Count < 3)
        {
            return 0;
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var committee = orgs[town + "-TWH"];
        var centre = orgs[town + "-ZZZX"];
        var mediator = users["mediator"];
        var supervisor = users["supervisor"];

        var closedCase = failed[0];
        var closedRegion = Domain.Lessons.LessonRules.ReviewRegion([closedCase.RegionCode]);
        var closed = new LessonReview
        {
            RegionCode = closedRegion,
            Title = "邻里排水纠纷调解不成复盘",
            Cause = "双方积怨多年，首次调解只谈赔偿金额，未查清排水沟走向这一事实基础；调解员未邀请村组干部和懂行的老党员参与，当事人对调解员的中立性有疑虑。",
            CreatedAt = now.AddDays(-40),
            CreatedByUserId = supervisor.Id,
            CreatedByName = supervisor.DisplayName,
            ClosedAt = now.AddDays(-5),
            ClosedByName = supervisor.DisplayName,
            ClosingNote = "两项措施均已落实，台账和培训签到表已核查。",
        };
        closed.Cases.Add(new LessonReviewCase { RegionCode = closedRegion, CaseId = closedCase.Id, CaseCode = closedCase.Code, Reasons = "Failed" });
        closed.Gaps.Add(new LessonGap { RegionCode = closedRegion, Text = "调查核实（辨）环节缺失，事实未查清就进入劝说" });
        closed.Gaps.Add(new LessonGap { RegionCode = closedRegion, Text = "未借助乡贤、老党员等本土力量（借）" });
        closed.Actions.Add(new LessonAction
        {
            RegionCode = closedRegion,
            Text = "组织调解员开展“六尺巷调解法”辨、借两步专题培训",
            OwnerOrgUnitId = committee.Id,
            OwnerOrgName = committee.Name,
            DueOn = today.AddDays(-20),
            DoneAt = now.AddDays(-22),
            Evidence = "培训 1 次，参训调解员 14 人，签到表和课件已归档。",
            DoneByName = mediator.DisplayName,
        });
        closed.Actions.Add(new LessonAction
        {
            RegionCode = closedRegion,
            Text = "建立村级乡贤调解员名录并在调解中优先邀请",
            OwnerOrgUnitId = centre.Id,
            OwnerOrgName = centre.Name,
            DueOn = today.AddDays(-10),
            DoneAt = now.AddDays(-12),
            Evidence = "名录收录乡贤 23 人，已下发各村。",
            DoneByName = "王秀兰",
        });

        var chain = failed.Skip(1).ToList();
        var openRegion = Domain.Lessons.LessonRules.ReviewRegion([.. chain.Select(c => c.RegionCode)]);
        var open = new LessonReview
        {
            RegionCode = openRegion,
            Title = $"{chain.Count} 件调解不成案件集中复盘",
            Cause = "两起纠纷均涉及物业服务质量，业主诉求集中在维修资金使用不透明；调解中缺少住建部门的专业意见，协议方案难以被双方接受。",
            CreatedAt = now.AddDays(-12),
            CreatedByUserId = supervisor.Id,
            CreatedByName = supervisor.DisplayName,
        };
        foreach (var c in chain)
        {
            open.Cases.Add(new LessonReviewCase { RegionCode = openRegion, CaseId = c.Id, CaseCode = c.Code, Reasons = "Failed" });
        }

        open.Gaps.Add(new LessonGap { RegionCode = openRegion, Text = "物业类纠纷未引入行业主管部门联合调解" });
        open.Gaps.Add(new LessonGap { RegionCode = openRegion, Text = "调解不成后未及时告知诉讼途径和法律援助" });
        open.Gaps.Add(new LessonGap { RegionCode = openRegion, Text = "社区对物业矛盾苗头排查不及时" });
        open.Actions.Add(new LessonAction
        {
            RegionCode = openRegion,
            Text = "与住建局建立物业纠纷联合调解机制，明确响应时限",
            OwnerOrgUnitId = centre.Id,
            OwnerOrgName = centre.Name,
            DueOn = today.AddDays(-6),
            DoneAt = now.AddDays(-7),
            Evidence = "已与住建局签订联调协议，物业纠纷 3 个工作日内派员参与。",
            DoneByName = "王秀兰",
        });
        open.Actions.Add(new LessonAction
        {
            RegionCode = openRegion,
            Text = "梳理调解不成案件的诉讼引导告知书模板并在全街道使用",
            OwnerOrgUnitId = committee.Id,
            OwnerOrgName = committee.Name,
            OwnerUserId = mediator.Id,
            OwnerName = mediator.DisplayName,
            DueOn = today.AddDays(10),
        });
        open.Actions.Add(new LessonAction
        {
            RegionCode = openRegion,
            Text = "每月对辖区小区开展一次物业矛盾专项排查",
            OwnerOrgUnitId = centre.Id,
            OwnerOrgName = centre.Name,
            DueOn = today.AddDays(-3),
        });

        db.LessonReviews.AddRange(closed, open);
        await db.SaveChangesAsync(ct);
        return 2;
    }
}
