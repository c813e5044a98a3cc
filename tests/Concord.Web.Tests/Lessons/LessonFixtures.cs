using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Deadlines;
using Concord.Domain.Privacy;
using Concord.Web.Cases;
using Concord.Web.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Lessons;

/// <summary>Cases of 西苑居委会 that qualify for review for one known reason each (and one that does not).</summary>
public static class LessonFixtures
{
    public const string Xiyuan = CaseRequests.XiyuanVillage;

    private static int s_serial = 500;

    /// <summary>A body with its own respondent and applicant, so no other test's case makes it a repeat or group dispute.</summary>
    public static JsonObject Lone(int people = 2, string? idNumber = null)
    {
        var body = CaseRequests.Body(grid: CaseRequests.XiyuanGrid, marker: Guid.NewGuid().ToString("N")[..8]);
        var serial = Interlocked.Increment(ref s_serial);
        var first17 = $"3408812001{serial % 100:00}{serial % 10000:0000}{serial % 10}";
        body["parties"]![0]!["idNumber"] = idNumber ?? first17 + IdNumber.CheckCharFor(first17);
        body["parties"]![0]!["phone"] = $"1395{serial % 10000000:0000000}";
        body["parties"]![1]!["name"] = "复盘测试公司" + Guid.NewGuid().ToString("N")[..8];
        body["peopleInvolved"] = people;
        return body;
    }

    public static async Task<string> OrdinaryClosedAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(Lone());
        await SetStatusAsync(app, code, CaseStatus.Closed);
        return code;
    }

    /// <summary>Mediation fails through the lifecycle: 调解不成 with litigation as the next route.</summary>
    public static async Task<string> FailedAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(Lone());
        await SetStatusAsync(app, code, CaseStatus.Mediating);
        using var response = await clerk.PostAsJsonAsync($"/api/cases/{code}/no-agreement", new { nextRoute = "litigation", reason = "双方分歧过大" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>Follow-up finds the agreement performed, a party rates 不满意, the case reopens.</summary>
    public static async Task<string> DissatisfiedAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(Lone());
        await SetStatusAsync(app, code, CaseStatus.Agreed);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up/schedule", new { performanceDeadline = "2026-12-31" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/follow-up", new { performed = true, notes = "已履行" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        string token;
        await using (var db = app.SystemDb())
        {
            var id = await db.Cases.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
            token = await db.RatingRequests.Where(r => r.CaseId == id).OrderBy(r => r.Id).Select(r => r.Token).FirstAsync();
        }

        using var anonymous = app.CreateClient();
        (await anonymous.PostAsJsonAsync($"/api/public/ratings/{token}", new { rating = "dissatisfied", comment = "赔偿没有到位" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return code;
    }

    /// <summary>Escalated for running over: written as the sweeper writes it (the deadline's count and the timeline line).</summary>
    public static async Task<string> EscalatedAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(Lone());
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);
        var now = DateTime.UtcNow;
        db.CaseDeadlines.Add(new CaseDeadline { CaseId = c.Id, RegionCode = c.RegionCode, Stage = SlaStage.Mediation, StartedAt = now.AddDays(-40), DueAt = now.AddDays(-10), Step = DeadlineStep.Escalated, Escalations = 1 });
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, RegionCode = c.RegionCode, At = now, Kind = "escalated", Text = "调解期限超期未办，已升级至文昌街道综治中心督办（第 1 次）。", ActorName = "系统" });
        db.Audit("test.arranged", "Case", code, new { escalated = 1 });
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>Two disputes of the same applicant (same ID number): the second is flagged as a repeat of the first.</summary>
    public static async Task<(string Earlier, string Repeat)> RepeatAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        var serial = Interlocked.Increment(ref s_serial);
        var first17 = $"3408811970{serial % 100:00}{serial % 10000:0000}{serial % 10}";
        var id = first17 + IdNumber.CheckCharFor(first17);
        var earlier = await clerk.RegisterCaseAsync(Lone(idNumber: id));
        var repeat = await clerk.RegisterCaseAsync(Lone(idNumber: id));
        return (earlier, repeat);
    }

    /// <summary>Eight people involved: a group dispute by the grader's threshold.</summary>
    public static async Task<string> GroupAsync(ConcordFactory app)
    {
        using var clerk = await app.LoginAsync("clerk");
        return await clerk.RegisterCaseAsync(Lone(people: 8));
    }

    public static async Task SetStatusAsync(ConcordFactory app, string code, CaseStatus status)
    {
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);
        c.Status = status;
        db.Audit("test.arranged", "Case", code, new { status = status.ToString() });
        await db.SaveChangesAsync();
    }

    public static async Task<long> OrgIdAsync(ConcordFactory app, string orgCode)
    {
        await using var db = app.SystemDb();
        return await db.OrgUnits.Where(o => o.Code == orgCode).Select(o => o.Id).SingleAsync();
    }

    public static async Task<long> UserIdAsync(ConcordFactory app, string userName)
    {
        await using var db = app.SystemDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    public static string Tomorrow(int days = 1) =>
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a review of the given cases with one action per owner (org unit codes or user names); returns its id.</summary>
    public static async Task<long> OpenReviewAsync(HttpClient supervisor, string[] cases, params object[] actions)
    {
        using var response = await supervisor.PostAsJsonAsync("/api/lessons/reviews", new
        {
            caseCodes = cases,
            title = "调解不成复盘 " + Guid.NewGuid().ToString("N")[..6],
            cause = "物业公司长期拖延维修，首次调解未请住建部门参与，双方诉求差距大。",
            gaps = new[] { "首次调解未邀请行业主管部门参与", "调解不成后未及时引导诉讼" },
            actions,
        });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<long>();
    }
}
