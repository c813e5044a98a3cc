using System.Net;
using System.Net.Http.Json;
using Concord.Domain.Identity;
using Concord.Web.Demo;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Cases;

/// <summary>A case of 西苑居委会 (grid 340881002003001) that the scope tests try to reach.</summary>
public sealed record Witness(string Code, string Marker, string VillageCode, string GridCode);

/// <summary>
/// How a request through one endpoint reaches a witness case, and what "not reached" must look
/// like there. <see cref="Judge"/> returns true when the user reached the case and asserts the
/// refusal shape otherwise (404, absent from a list, or a field error with nothing saved).
/// </summary>
public sealed record CaseEndpoint(
    string Name,
    string Method,
    string RoutePattern,
    Func<Witness, HttpRequestMessage> Request,
    Func<HttpResponseMessage, Witness, ConcordFactory, Task<bool>> Judge,
    IReadOnlyCollection<Role>? OnlyRoles = null)
{
    /// <summary>Whether the demo user's role may call the endpoint at all (others get 403).</summary>
    public bool Serves(string userName) =>
        OnlyRoles is null || OnlyRoles.Contains(DemoUsers.All.Single(u => u.UserName == userName).Role);

    public override string ToString() => Name;
}

/// <summary>
/// Every case endpoint of the API, once. The data-scope and role matrices run over this list,
/// and a test fails when the app maps a case endpoint that is not here: a new endpoint is
/// added in this one place.
/// </summary>
public static class CaseEndpointCatalog
{
    // Declared before All: static fields initialise in textual order.
    private static readonly Role[] s_deadlineRoles = [Role.Clerk, Role.Mediator, Role.Supervisor];
    private static readonly Role[] s_staffingRoles = [Role.Clerk, Role.Supervisor, Role.Mediator];
    private static readonly Role[] s_mediationRoles = [Role.Clerk, Role.Mediator, Role.Supervisor];

    public static readonly IReadOnlyList<CaseEndpoint> All =
    [
        new("view a case", "GET", "/api/cases/{code}",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}"),
            async (response, w, _) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe(w.Code);
                return true;
            }),
        new("list cases", "GET", "/api/cases/",
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/cases?pageSize=100"),
            ListedAsync),
        new("list cases by category and status", "GET", "/api/cases/",
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/cases?categoryCode=07&status=Registered&channel=window&pageSize=100"),
            ListedAsync),
        new("search by a two-character keyword", "GET", "/api/cases/",
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/cases?pageSize=100&q=" + Uri.EscapeDataString("物业")),
            ListedAsync),
        new("search by a unique keyword", "GET", "/api/cases/",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases?q={w.Marker}"),
            ListedAsync),
        new("look up by case code", "GET", "/api/cases/",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases?q={w.Code}"),
            ListedAsync),
        new("register a case in the witness's village", "POST", "/api/cases/",
            w => new HttpRequestMessage(HttpMethod.Post, "/api/cases")
            {
                Content = JsonContent.Create(CaseRequests.Body(village: w.VillageCode, grid: w.GridCode, marker: "r" + w.Marker)),
            },
            async (response, w, app) =>
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return true;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
                (await response.ReadJsonAsync())["errors"]!["villageCode"].ShouldNotBeNull();
                await using var db = app.SystemDb();
                (await db.Cases.CountAsync(c => c.Narrative.Contains("r" + w.Marker))).ShouldBe(0);
                return false;
            }),
        new("schedule the follow-up", "POST", "/api/cases/{code}/follow-up/schedule",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/follow-up/schedule") { Content = JsonContent.Create(new { performanceDeadline = "2026-12-31" }) },
            ReachedUnlessNotFoundAsync),
        new("record the follow-up", "POST", "/api/cases/{code}/follow-up",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/follow-up") { Content = JsonContent.Create(new { performed = true }) },
            ReachedUnlessNotFoundAsync),
        new("see the case file", "GET", "/api/cases/{code}/case-file",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/case-file"),
            ReachedUnlessNotFoundAsync),
        new("file a case-file item", "POST", "/api/cases/{code}/case-file/{item}",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/case-file/RightsNotice") { Content = JsonContent.Create(new { note = "x" }) },
            FiledUnlessNotFoundAsync),
        new("export the case file", "GET", "/api/cases/{code}/case-file.zip",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/case-file.zip"),
            ReachedUnlessNotFoundAsync),
        new("see the rating links", "GET", "/api/cases/{code}/ratings",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/ratings"),
            ReachedUnlessNotFoundAsync),
        new("close a case", "POST", "/api/cases/{code}/close",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/close"),
            ReachedUnlessNotFoundAsync),
        new("reopen a case", "POST", "/api/cases/{code}/reopen",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/reopen") { Content = JsonContent.Create(new { reason = "当事人反映问题未解决" }) },
            ReachedUnlessNotFoundAsync),
        new("accept a case", "POST", "/api/cases/{code}/accept",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/accept"),
            ReachedUnlessNotFoundAsync),
        new("withdraw a case", "POST", "/api/cases/{code}/withdraw",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/withdraw") { Content = JsonContent.Create(new { reason = "当事人自行和解" }) },
            ReachedUnlessNotFoundAsync),
        new("see the routing proposal", "GET", "/api/cases/{code}/routing",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/routing"),
            ReachedUnlessNotFoundAsync),
        new("route a case", "POST", "/api/cases/{code}/route",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/route") { Content = JsonContent.Create(new { orgUnitId = 1 }) },
            ReachedUnlessNotFoundAsync),
        new("accept an assignment", "POST", "/api/cases/{code}/assignment/accept",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/assignment/accept"),
            ReachedUnlessNotFoundAsync),
        new("return an assignment", "POST", "/api/cases/{code}/assignment/return",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/assignment/return") { Content = JsonContent.Create(new { reason = "不属于本单位职责" }) },
            ReachedUnlessNotFoundAsync),
        new("list a case's deadlines", "GET", "/api/cases/{code}/deadlines/",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/deadlines"),
            async (response, _, _) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                (await response.ReadJsonAsync()).AsArray().ShouldNotBeNull();
                return true;
            }),
        new("pause a mediation deadline", "POST", "/api/cases/{code}/deadlines/{stage}/pause",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/deadlines/mediation/pause") { Content = JsonContent.Create(new { reason = "等待鉴定意见" }) },
            DeadlineChangedAsync, s_deadlineRoles),
        new("resume a mediation deadline", "POST", "/api/cases/{code}/deadlines/{stage}/resume",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/deadlines/mediation/resume") { Content = JsonContent.Create(new { note = "鉴定意见已送达" }) },
            DeadlineChangedAsync, s_deadlineRoles),
        new("extend a mediation deadline", "POST", "/api/cases/{code}/deadlines/{stage}/extend",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/deadlines/mediation/extend") { Content = JsonContent.Create(new { days = 10, bothPartiesConsent = true }) },
            DeadlineChangedAsync, s_deadlineRoles),
        new("see a case's agreement", "GET", "/api/cases/{code}/agreement",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/agreement"),
            async (response, w, _) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                (await response.ReadJsonAsync())["caseCode"]!.GetValue<string>().ShouldBe(w.Code);
                return true;
            }),
        new("save an agreement draft", "PUT", "/api/cases/{code}/agreement",
            w => new HttpRequestMessage(HttpMethod.Put, $"/api/cases/{w.Code}/agreement") { Content = JsonContent.Create(new { facts = "漏水", parties = new[] { new { name = "张小华", role = "申请人" } } }) },
            AgreementUntouchedUnlessReachedAsync),
        new("sign an agreement", "POST", "/api/cases/{code}/agreement/signatures/{id:long}/sign",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/agreement/signatures/1/sign") { Content = JsonContent.Create(new { method = "onsite" }) },
            AgreementUntouchedUnlessReachedAsync),
        new("finalise an agreement", "POST", "/api/cases/{code}/agreement/finalise",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/agreement/finalise"),
            AgreementUntouchedUnlessReachedAsync),
        new("record no agreement", "POST", "/api/cases/{code}/no-agreement",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/no-agreement") { Content = JsonContent.Create(new { nextRoute = "litigation", reason = "双方分歧过大" }) },
            AgreementUntouchedUnlessReachedAsync),
        new("download a case document", "GET", "/api/cases/{code}/documents/{kind}.docx",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/documents/registration.docx"),
            async (response, w, _) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                (await response.Content.ReadAsByteArrayAsync()).Take(2).ShouldBe("PK"u8.ToArray());
                return true;
            }),
        new("see mediator suggestions", "GET", "/api/cases/{code}/mediators/suggestions",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/mediators/suggestions"),
            StaffedUnlessNotFoundAsync, s_staffingRoles),
        new("assign a mediator", "POST", "/api/cases/{code}/mediators",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/mediators") { Content = JsonContent.Create(new { mediatorId = 1, primary = true }) },
            StaffedUnlessNotFoundAsync, s_staffingRoles),
        new("declare a conflict of interest", "POST", "/api/cases/{code}/conflicts",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/conflicts") { Content = JsonContent.Create(new { mediatorId = 1, reason = "与申请人系亲属" }) },
            StaffedUnlessNotFoundAsync, s_staffingRoles),
        new("invite an expert", "POST", "/api/cases/{code}/experts",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/experts") { Content = JsonContent.Create(new { expertId = 1, purpose = "提供法律意见" }) },
            StaffedUnlessNotFoundAsync, s_staffingRoles),
        new("see the judicial confirmation", "GET", "/api/cases/{code}/judicial-confirmation/",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/judicial-confirmation"),
            ReachedUnlessNotFoundAsync),
        new("apply for judicial confirmation", "POST", "/api/cases/{code}/judicial-confirmation/",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/judicial-confirmation") { Content = JsonContent.Create(new { court = "桐城市人民法院" }) },
            ReachedUnlessNotFoundAsync),
        new("record the court's acceptance", "POST", "/api/cases/{code}/judicial-confirmation/accepted",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/judicial-confirmation/accepted"),
            ReachedUnlessNotFoundAsync),
        new("record the confirmation outcome", "POST", "/api/cases/{code}/judicial-confirmation/outcome",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/judicial-confirmation/outcome") { Content = JsonContent.Create(new { outcome = "confirmed", performanceDeadline = "2026-12-31" }) },
            ReachedUnlessNotFoundAsync),
        new("list mediation sessions", "GET", "/api/cases/{code}/sessions",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/sessions"),
            ArrayUnlessNotFoundAsync, s_mediationRoles),
        new("schedule a mediation session", "POST", "/api/cases/{code}/sessions",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/sessions")
            {
                Content = JsonContent.Create(new { startsAt = "2026-11-23T09:00:00+08:00", place = "文昌街道调解室", attendees = "张小华、物业公司代表" }),
            },
            MediationUntouchedUnlessReachedAsync, s_mediationRoles),
        new("record a mediation step", "POST", "/api/cases/{code}/sessions/{id:long}/steps/{step}",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/sessions/1/steps/listen") { Content = JsonContent.Create(new { notes = "双方陈述" }) },
            MediationUntouchedUnlessReachedAsync, s_mediationRoles),
        new("list investigation records", "GET", "/api/cases/{code}/investigations",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/investigations"),
            ArrayUnlessNotFoundAsync, s_mediationRoles),
        new("record an investigation", "POST", "/api/cases/{code}/investigations",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/investigations")
            {
                Content = JsonContent.Create(new { at = "2026-11-23T10:00:00+08:00", place = "西苑小区 3 栋", investigator = "吴德华", subject = "邻居", findings = "屋顶确有漏水" }),
            },
            MediationUntouchedUnlessReachedAsync, s_mediationRoles),
        new("list evidence", "GET", "/api/cases/{code}/evidence",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/evidence"),
            ArrayUnlessNotFoundAsync, s_mediationRoles),
        new("upload evidence", "POST", "/api/cases/{code}/evidence",
            w => new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{w.Code}/evidence") { Content = EvidenceContent.Pdf(w.Marker) },
            MediationUntouchedUnlessReachedAsync, s_mediationRoles),
        new("download evidence", "GET", "/api/cases/{code}/evidence/{id:long}",
            w => new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{w.Code}/evidence/1"),
            async (response, _, _) =>
            {
                // The witness has no evidence: inside the scope the case is found and the file is
                // not; outside it the case itself does not exist.
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
                return (await response.ReadJsonAsync())["title"]!.GetValue<string>().Contains("证据", StringComparison.Ordinal);
            }, s_mediationRoles),
    ];

    public static CaseEndpoint Named(string name) => All.Single(e => e.Name == name);

    /// <summary>
    /// A move on the case: outside the subtree it must be 404 and leave the case untouched;
    /// inside, any other answer (done, or refused by a lifecycle or role rule) means the case was reached.
    /// </summary>
    private static async Task<bool> ReachedUnlessNotFoundAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
            return true;
        }

        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == w.Code);
        c.Status.ShouldBe(Concord.Domain.Cases.CaseStatus.Registered);
        (await db.CaseEvents.CountAsync(e => e.CaseId == c.Id && e.Kind != "registered" && !e.Kind.StartsWith("category_") && e.Kind != "red_flag")).ShouldBe(0);
        return false;
    }

    /// <summary>
    /// Reached: the change applied, or the case was found and answered that it has no running
    /// mediation deadline (the witness is freshly registered). Not reached: 404 and no deadline
    /// change on the case's timeline.
    /// </summary>
    private static async Task<bool> DeadlineChangedAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await using var db = app.SystemDb();
            var caseId = await db.Cases.Where(c => c.Code == w.Code).Select(c => c.Id).SingleAsync();
            (await db.CaseEvents.CountAsync(e => e.CaseId == caseId && e.Kind.StartsWith("deadline_"))).ShouldBe(0);
            return false;
        }

        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("deadline_not_running", body);
            return true;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return true;
    }

    /// <summary>Filing an item: outside the subtree 404 with nothing filed; inside, the item is filed.</summary>
    private static async Task<bool> FiledUnlessNotFoundAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == w.Code).Select(c => c.Id).SingleAsync();
        var filed = await db.CaseFileEntries.CountAsync(e => e.CaseId == caseId);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            filed.ShouldBe(0);
            return false;
        }

        response.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
        return filed == 1 || response.StatusCode == HttpStatusCode.Forbidden;
    }

    /// <summary>A move on the agreement: as <see cref="ReachedUnlessNotFoundAsync"/>, and outside the subtree no agreement is written either.</summary>
    private static async Task<bool> AgreementUntouchedUnlessReachedAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        if (await ReachedUnlessNotFoundAsync(response, w, app))
        {
            return true;
        }

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == w.Code).Select(c => c.Id).SingleAsync();
        (await db.Agreements.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
        return false;
    }

    /// <summary>
    /// Mediators and experts of a case: any answer but 404 (done, or refused by a state, role or
    /// field rule) means the case was reached; 404 must leave no assignment, declaration,
    /// invitation or timeline line behind.
    /// </summary>
    private static async Task<bool> StaffedUnlessNotFoundAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
            return true;
        }

        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == w.Code).Select(c => c.Id).SingleAsync();
        (await db.CaseMediators.CountAsync(a => a.CaseId == caseId)).ShouldBe(0);
        (await db.ConflictDeclarations.CountAsync(d => d.CaseId == caseId)).ShouldBe(0);
        (await db.CaseExperts.CountAsync(e => e.CaseId == caseId)).ShouldBe(0);
        (await db.CaseEvents.CountAsync(e => e.CaseId == caseId && (e.Kind == "mediator_assigned" || e.Kind == "conflict_declared" || e.Kind == "expert_invited"))).ShouldBe(0);
        return false;
    }

    private static async Task<bool> ArrayUnlessNotFoundAsync(HttpResponseMessage response, Witness w, ConcordFactory _)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync()).AsArray().ShouldNotBeNull();
        return true;
    }

    /// <summary>A mediation record on the (freshly registered) witness: inside the scope 409, outside 404 with nothing stored.</summary>
    private static async Task<bool> MediationUntouchedUnlessReachedAsync(HttpResponseMessage response, Witness w, ConcordFactory app)
    {
        var reached = await ReachedUnlessNotFoundAsync(response, w, app);
        await using var db = app.SystemDb();
        var caseId = await db.Cases.Where(c => c.Code == w.Code).Select(c => c.Id).SingleAsync();
        (await db.MediationSessions.CountAsync(s => s.CaseId == caseId)).ShouldBe(0);
        (await db.InvestigationRecords.CountAsync(r => r.CaseId == caseId)).ShouldBe(0);
        (await db.Evidence.CountAsync(e => e.CaseId == caseId)).ShouldBe(0);
        return reached;
    }


    private static async Task<bool> ListedAsync(HttpResponseMessage response, Witness w, ConcordFactory _)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.ReadJsonAsync();
        var codes = page["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToList();
        return codes.Contains(w.Code);
    }
}
