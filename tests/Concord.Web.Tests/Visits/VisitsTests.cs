using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Visits;

/// <summary>Visits through the API: logging (idempotent, validated, scoped), coverage against a recount, the due list, key households.</summary>
[Collection(AppCollection.Name)]
public sealed class VisitsTests(ConcordFactory app)
{
    [Fact]
    public async Task A_retried_visit_with_the_same_idempotency_key_is_stored_once_and_moves_the_household()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var key = Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        var body = VisitFixtures.Body(household, visitedAt: at);

        using var first = await worker.LogAsync(body, key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        using var retry = await worker.LogAsync(body, key);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        var a = await first.ReadJsonAsync();
        var b = await retry.ReadJsonAsync();
        b["id"]!.GetValue<long>().ShouldBe(a["id"]!.GetValue<long>());
        a["replayed"]!.GetValue<bool>().ShouldBeFalse();
        b["replayed"]!.GetValue<bool>().ShouldBeTrue();

        await using var db = app.SystemDb();
        var visits = await db.Visits.Where(v => v.HouseholdId == household).ToListAsync();
        visits.Count.ShouldBe(1);
        visits[0].VisitorName.ShouldBe("赵丽");
        visits[0].RegionCode.ShouldBe(VisitFixtures.XiyuanUnit);
        visits[0].Latitude.ShouldBe(31.0359);
        var state = await db.HouseholdVisitStates.SingleAsync(s => s.HouseholdId == household);
        state.LastVisitedAt!.Value.ShouldBe(at.UtcDateTime, TimeSpan.FromMilliseconds(1));
        (await db.AuditEntries.CountAsync(e => e.Action == "visit.logged" && e.EntityId == household.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_visit_is_refused()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var key = Guid.NewGuid().ToString("N");
        (await worker.LogAsync(VisitFixtures.Body(household), key)).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var other = await worker.LogAsync(VisitFixtures.Body(household, findings: "另一次走访"), key);
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await other.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe("idempotency_key_reused");
        await using var db = app.SystemDb();
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(1);
    }

    [Fact]
    public async Task A_late_visit_from_an_offline_phone_does_not_move_the_household_backwards()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        (await worker.LogAsync(VisitFixtures.Body(household, visitedAt: recent))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await worker.LogAsync(VisitFixtures.Body(household, visitedAt: recent.AddDays(-3)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var db = app.SystemDb();
        (await db.HouseholdVisitStates.SingleAsync(s => s.HouseholdId == household)).LastVisitedAt!.Value.ShouldBe(recent.UtcDateTime, TimeSpan.FromMilliseconds(1));
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(2);
    }

    [Fact]
    public async Task Visits_sent_together_move_each_of_their_households_once_to_its_latest_time()
    {
        // Sent at once, they share group-commit batches: the households' states are written together.
        var households = await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 4);
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        var sends = households.SelectMany((h, i) => new[]
        {
            VisitFixtures.Body(h, visitedAt: at.AddMinutes(i)),
            VisitFixtures.Body(h, visitedAt: at.AddMinutes(i).AddDays(-2)),
        }).Select(async body =>
        {
            using var response = await worker.LogAsync(body);
            return response.StatusCode;
        });
        (await Task.WhenAll(sends)).ShouldAllBe(c => c == HttpStatusCode.Created);

        await using var db = app.SystemDb();
        var states = await db.HouseholdVisitStates.Where(s => households.Contains(s.HouseholdId)).ToDictionaryAsync(s => s.HouseholdId);
        for (var i = 0; i < households.Count; i++)
        {
            states[households[i]].LastVisitedAt!.Value.ShouldBe(at.AddMinutes(i).UtcDateTime, TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public async Task Bad_input_is_a_problem_with_every_field_error_and_nothing_is_saved()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        using var response = await worker.LogAsync(new
        {
            householdId = household,
            kind = "monthly",
            visitedAt = DateTimeOffset.UtcNow.AddDays(1),
            latitude = 31.0,
            findings = " ",
            followUpNeeded = true,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem["code"]!.GetValue<string>().ShouldBe("validation_failed");
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["findings", "followUpNote", "kind", "latitude", "visitedAt"]);
        errors["latitude"]![0]!.GetValue<string>().ShouldBe("经度和纬度须同时提供。");

        using var tooOld = await worker.LogAsync(VisitFixtures.Body(household, visitedAt: DateTimeOffset.UtcNow.AddDays(-8)));
        (await tooOld.ReadJsonAsync())["errors"]!["visitedAt"]![0]!.GetValue<string>().ShouldBe("只能补录 7 天以内的走访。");
        using var noHousehold = await worker.LogAsync(new { kind = "daily", findings = "正常" });
        (await noHousehold.ReadJsonAsync())["errors"]!["householdId"].ShouldNotBeNull();

        await using var db = app.SystemDb();
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(0);
        (await db.HouseholdVisitStates.CountAsync(s => s.HouseholdId == household)).ShouldBe(0);
    }

    [Theory]
    [InlineData("gridworker")] // 三里居委会, another village of the same town
    [InlineData("household")] // 联户长 of 西苑第1网格 may log visits, but not in another grid
    public async Task Nobody_logs_a_visit_to_a_household_outside_their_subtree(string user)
    {
        var (_, _, households) = await VisitFixtures.GridAsync(app, 2);
        var household = households[0][0];
        using var client = await app.LoginAsync(user);
        using var response = await client.LogAsync(VisitFixtures.Body(household), Guid.NewGuid().ToString("N"));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
        await using var db = app.SystemDb();
        (await db.Visits.CountAsync(v => v.HouseholdId == household)).ShouldBe(0);
        (await db.HouseholdVisitStates.CountAsync(s => s.HouseholdId == household)).ShouldBe(0);
    }

    [Fact]
    public async Task A_clerk_may_read_visits_but_not_log_them()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var clerk = await app.LoginAsync("clerk");
        (await clerk.LogAsync(VisitFixtures.Body(household))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await clerk.GetAsync("/api/visits")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await clerk.GetAsync("/api/visits/due")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Coverage_of_a_grid_and_its_village_equals_a_recount_of_the_visits()
    {
        var (grid, units, households) = await VisitFixtures.GridAsync(app, 6, 4);
        using var leader = await app.LoginAsync("gridleader");
        // Unit 1: three visited today through the API, one 40 days ago; unit 2: one 20 days ago, one 70 days ago.
        foreach (var h in households[0].Take(3))
        {
            (await leader.LogAsync(VisitFixtures.Body(h))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await leader.LogAsync(VisitFixtures.Body(households[0][0], visitedAt: DateTimeOffset.UtcNow.AddDays(-2)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var now = DateTime.UtcNow;
        await VisitFixtures.OldVisitAsync(app, households[0][3], now.AddDays(-40));
        await VisitFixtures.OldVisitAsync(app, households[1][0], now.AddDays(-20));
        await VisitFixtures.OldVisitAsync(app, households[1][1], now.AddDays(-70));

        foreach (var days in new[] { 30, 60, 90 })
        {
            var recount = await RecountAsync(households.SelectMany(h => h).ToList(), now.AddDays(-days));
            var coverage = await (await leader.GetAsync($"/api/visits/coverage?region={grid}&days={days}&pageSize=100")).ReadJsonAsync();
            coverage["households"]!.GetValue<int>().ShouldBe(10);
            coverage["visited"]!.GetValue<int>().ShouldBe(recount.Count, $"days={days}");
            coverage["notVisited"]!.GetValue<int>().ShouldBe(10 - recount.Count);
            coverage["rate"]!.GetValue<double>().ShouldBe(recount.Count / 10.0, 1e-9);
            var parts = coverage["parts"]!.AsArray();
            parts.Select(p => p!["code"]!.GetValue<string>()).ShouldBe(units);
            for (var u = 0; u < units.Length; u++)
            {
                parts[u]!["households"]!.GetValue<int>().ShouldBe(households[u].Count);
                parts[u]!["visited"]!.GetValue<int>().ShouldBe(households[u].Count(recount.Contains), $"unit {u + 1}, days={days}");
            }

            var listed = coverage["notVisitedHouseholds"]!.AsArray().Select(h => h!["id"]!.GetValue<long>()).ToList();
            listed.ShouldBe(households.SelectMany(h => h).Where(h => !recount.Contains(h)).Order().ToList(), ignoreOrder: true);
        }

        // The village roll-up has the new grid as one row with the same figures.
        var village = await (await leader.GetAsync($"/api/visits/coverage?region={CaseRequests.XiyuanVillage}&days=30")).ReadJsonAsync();
        var row = village["parts"]!.AsArray().Single(p => p!["code"]!.GetValue<string>() == grid)!;
        row["households"]!.GetValue<int>().ShouldBe(10);
        row["visited"]!.GetValue<int>().ShouldBe((await RecountAsync(households.SelectMany(h => h).ToList(), now.AddDays(-30))).Count);
        row["name"]!.GetValue<string>().ShouldStartWith("测试网格");
        village["households"]!.GetValue<int>().ShouldBe(village["parts"]!.AsArray().Sum(p => p!["households"]!.GetValue<int>()));
    }

    /// <summary>Households whose latest visit in the visits table is after the cutoff: coverage counted the slow way.</summary>
    private async Task<HashSet<long>> RecountAsync(List<long> households, DateTime cutoff)
    {
        await using var db = app.SystemDb();
        var visits = await db.Visits.Where(v => households.Contains(v.HouseholdId)).Select(v => new { v.HouseholdId, v.VisitedAt }).ToListAsync();
        return [.. visits.GroupBy(v => v.HouseholdId).Where(g => g.Max(v => v.VisitedAt) > cutoff).Select(g => g.Key)];
    }

    [Fact]
    public async Task The_not_visited_list_is_paged_and_masks_addresses_above_the_grid()
    {
        var (grid, _, households) = await VisitFixtures.GridAsync(app, 7);
        using var leader = await app.LoginAsync("gridleader");
        var page1 = await (await leader.GetAsync($"/api/visits/coverage?region={grid}&pageSize=5")).ReadJsonAsync();
        var page2 = await (await leader.GetAsync($"/api/visits/coverage?region={grid}&pageSize=5&page=2")).ReadJsonAsync();
        page1["notVisited"]!.GetValue<int>().ShouldBe(7);
        var ids = page1["notVisitedHouseholds"]!.AsArray().Concat(page2["notVisitedHouseholds"]!.AsArray()).Select(h => h!["id"]!.GetValue<long>()).ToList();
        ids.ShouldBe(households[0]);
        page1["notVisitedHouseholds"]![0]!["address"]!.GetValue<string>().ShouldEndWith("****");

        using var badDays = await leader.GetAsync($"/api/visits/coverage?region={grid}&days=0");
        badDays.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badDays.ReadJsonAsync())["errors"]!["days"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("gridworker", "/api/visits/coverage?region=340881002003")]
    [InlineData("gridworker", "/api/visits?grid=340881002003001")]
    [InlineData("xiyuan.gridworker", "/api/visits/coverage?region=340881002003")]
    [InlineData("longmian.clerk", "/api/visits/coverage?region=340881002")]
    [InlineData("longmian.clerk", "/api/visits/meetings?region=340881002003")]
    public async Task A_place_outside_the_users_subtree_is_404(string user, string url)
    {
        using var client = await app.LoginAsync(user);
        using var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
    }

    [Fact]
    public async Task Visits_of_another_subtree_are_not_listed()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        (await worker.LogAsync(VisitFixtures.Body(household))).StatusCode.ShouldBe(HttpStatusCode.Created);
        async Task<bool> ListedAsync(string user)
        {
            using var client = await app.LoginAsync(user);
            var list = await (await client.GetAsync("/api/visits?pageSize=200")).ReadJsonAsync();
            return list["items"]!.AsArray().Any(v => v!["householdId"]!.GetValue<long>() == household);
        }

        (await ListedAsync("gridworker")).ShouldBeFalse();
        (await ListedAsync("longmian.clerk")).ShouldBeFalse();
        (await ListedAsync("gridleader")).ShouldBeTrue();
        (await ListedAsync("clerk")).ShouldBeTrue();
    }

    [Fact]
    public async Task Visits_are_filtered_by_place_period_and_visitor()
    {
        var (grid, _, households) = await VisitFixtures.GridAsync(app, 3);
        using var leader = await app.LoginAsync("gridleader");
        (await leader.LogAsync(VisitFixtures.Body(households[0][0]))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await leader.LogAsync(VisitFixtures.Body(households[0][1], visitedAt: DateTimeOffset.UtcNow.AddDays(-5)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var all = await (await leader.GetAsync($"/api/visits?grid={grid}")).ReadJsonAsync();
        all["total"]!.GetValue<int>().ShouldBe(2);
        var recent = await (await leader.GetAsync($"/api/visits?grid={grid}&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).ReadJsonAsync();
        recent["items"]!.AsArray().Select(v => v!["householdId"]!.GetValue<long>()).ShouldBe([households[0][0]]);
        var visitor = all["items"]![0]!["visitorUserId"]!.GetValue<long>();
        (await (await leader.GetAsync($"/api/visits?grid={grid}&visitor={visitor}")).ReadJsonAsync())["total"]!.GetValue<int>().ShouldBe(2);
        (await (await leader.GetAsync($"/api/visits?grid={grid}&visitor={visitor + 100000}")).ReadJsonAsync())["total"]!.GetValue<int>().ShouldBe(0);
        using var backwards = await leader.GetAsync($"/api/visits?from={today:yyyy-MM-dd}&to={today.AddDays(-3):yyyy-MM-dd}");
        (await backwards.ReadJsonAsync())["errors"]!["to"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_due_list_follows_the_policy_key_households_weekly_and_everybody_within_thirty_days()
    {
        var ids = await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 5);
        var (never, stale, fresh, keyDue, keyFresh) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
        var now = DateTime.UtcNow;
        await VisitFixtures.OldVisitAsync(app, stale, now.AddDays(-40));
        await VisitFixtures.OldVisitAsync(app, keyDue, now.AddDays(-8));
        await VisitFixtures.OldVisitAsync(app, keyFresh, now.AddDays(-10));
        using var leader = await app.LoginAsync("gridleader");
        foreach (var key in new[] { keyDue, keyFresh })
        {
            using var marked = await leader.PutAsJsonAsync($"/api/visits/households/{key}/key", new { key = true, reason = "独居老人" });
            marked.StatusCode.ShouldBe(HttpStatusCode.NoContent, await marked.Content.ReadAsStringAsync());
        }

        using var worker = await app.LoginAsync("xiyuan.gridworker");
        (await worker.LogAsync(VisitFixtures.Body(fresh, visitedAt: DateTimeOffset.UtcNow.AddDays(-2)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await worker.LogAsync(VisitFixtures.Body(keyFresh, kind: "weekly_key", visitedAt: DateTimeOffset.UtcNow.AddDays(-3)))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var due = await (await worker.GetAsync("/api/visits/due")).ReadJsonAsync();
        var rows = due["due"]!.AsArray().Select(r => r!).ToList();
        var listed = rows.Select(r => r["householdId"]!.GetValue<long>()).ToList();
        listed.ShouldContain(never);
        listed.ShouldContain(stale);
        listed.ShouldContain(keyDue);
        listed.ShouldNotContain(fresh);
        listed.ShouldNotContain(keyFresh);
        // Key households first, then never visited, then the longest overdue.
        listed.IndexOf(keyDue).ShouldBeLessThan(listed.IndexOf(never));
        listed.IndexOf(never).ShouldBeLessThan(listed.IndexOf(stale));
        var keyRow = rows.Single(r => r["householdId"]!.GetValue<long>() == keyDue);
        keyRow["key"]!.GetValue<bool>().ShouldBeTrue();
        keyRow["today"]!.GetValue<bool>().ShouldBeTrue();
        keyRow["suggestedKind"]!.GetValue<string>().ShouldBe("weekly_key");
        keyRow["daysOverdue"]!.GetValue<int>().ShouldBe(1);
        rows.Single(r => r["householdId"]!.GetValue<long>() == stale)["daysOverdue"]!.GetValue<int>().ShouldBe(10);
        rows.Single(r => r["householdId"]!.GetValue<long>() == never)["lastVisitedAt"].ShouldBeNull();
        due["keyHouseholds"]!.AsArray().Select(k => k!["householdId"]!.GetValue<long>()).ShouldContain(keyFresh);
        // The grid worker sees the addresses of the doors they visit.
        rows.Single(r => r["householdId"]!.GetValue<long>() == never)["address"]!.GetValue<string>().ShouldNotContain("****");

        // Another village's worker has none of them.
        using var other = await app.LoginAsync("gridworker");
        var theirs = await (await other.GetAsync("/api/visits/due")).ReadJsonAsync();
        theirs["due"]!.AsArray().Select(r => r!["householdId"]!.GetValue<long>()).Intersect(ids).ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_a_grid_leader_flags_key_households_and_a_reason_is_required()
    {
        var household = (await VisitFixtures.HouseholdsAsync(app, VisitFixtures.XiyuanUnit, 1)).Single();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        (await worker.PutAsJsonAsync($"/api/visits/households/{household}/key", new { key = true, reason = "独居老人" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var leader = await app.LoginAsync("gridleader");
        using var noReason = await leader.PutAsJsonAsync($"/api/visits/households/{household}/key", new { key = true });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.ReadJsonAsync())["errors"]!["reason"].ShouldNotBeNull();
        (await leader.PutAsJsonAsync($"/api/visits/households/{household}/key", new { key = true, reason = "社区矫正对象" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.SystemDb())
        {
            var state = await db.HouseholdVisitStates.SingleAsync(s => s.HouseholdId == household);
            state.Key.ShouldBeTrue();
            state.KeyMarkedBy.ShouldBe("孙海燕");
        }

        (await leader.PutAsJsonAsync($"/api/visits/households/{household}/key", new { key = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.SystemDb())
        {
            (await db.HouseholdVisitStates.SingleAsync(s => s.HouseholdId == household)).Key.ShouldBeFalse();
            (await db.AuditEntries.CountAsync(e => e.EntityId == household.ToString() && (e.Action == "household.key_marked" || e.Action == "household.key_lifted"))).ShouldBe(2);
        }

        // Outside the leader's village the household does not exist.
        var sanli = (await VisitFixtures.HouseholdsAsync(app, CaseRequests.SanliGrid + "01", 1)).Single();
        using var outside = await leader.PutAsJsonAsync($"/api/visits/households/{sanli}/key", new { key = true, reason = "独居老人" });
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = app.SystemDb())
        {
            (await db.HouseholdVisitStates.CountAsync(s => s.HouseholdId == sanli)).ShouldBe(0);
        }
    }

    private static JsonObject Meeting(string region, string place = "西苑社区综治中心会议室") => new()
    {
        ["regionCode"] = region,
        ["heldOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"),
        ["place"] = place,
        ["attendees"] = "驻社区民警 王警官",
        ["topics"] = "本周走访发现楼道堆物引发口角。",
        ["items"] = new JsonArray
        {
            new JsonObject { ["text"] = "协调两户清理楼道杂物", ["ownerName"] = "赵丽", ["dueOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8).AddDays(7)).ToString("yyyy-MM-dd") },
            new JsonObject { ["text"] = "回访独居老人", ["ownerName"] = "周大山", ["dueOn"] = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8).AddDays(3)).ToString("yyyy-MM-dd") },
        },
    };

    [Fact]
    public async Task A_meetings_items_are_tracked_to_done()
    {
        using var leader = await app.LoginAsync("gridleader");
        var place = "会议室" + Guid.NewGuid().ToString("N")[..6];
        var body = Meeting(CaseRequests.XiyuanVillage, place);
        body["memberUserIds"] = new JsonArray(await UserIdAsync("xiyuan.gridworker"));
        using var created = await leader.PostAsJsonAsync("/api/visits/meetings", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<long>();

        var meeting = await (await leader.GetAsync($"/api/visits/meetings/{id}")).ReadJsonAsync();
        meeting["members"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["赵丽"]);
        var items = meeting["items"]!.AsArray();
        items.Select(i => i!["status"]!.GetValue<string>()).ShouldBe(["open", "open"]);
        var first = items[0]!["id"]!.GetValue<long>();

        using var noNote = await leader.PostAsJsonAsync($"/api/visits/meetings/{id}/items/{first}/done", new { note = "" });
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.ReadJsonAsync())["errors"]!["note"].ShouldNotBeNull();
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        // The village's meeting is above the grid worker's grid: not there for them.
        (await worker.GetAsync($"/api/visits/meetings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.PostAsJsonAsync($"/api/visits/meetings/{id}/items/{first}/done", new { note = "已清理" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await leader.PostAsJsonAsync($"/api/visits/meetings/{id}/items/{first}/done", new { note = "两户已清理杂物，握手言和" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var again = await leader.PostAsJsonAsync($"/api/visits/meetings/{id}/items/{first}/done", new { note = "再次" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        meeting = await (await leader.GetAsync($"/api/visits/meetings/{id}")).ReadJsonAsync();
        var done = meeting["items"]![0]!;
        done["status"]!.GetValue<string>().ShouldBe("done");
        done["doneNote"]!.GetValue<string>().ShouldBe("两户已清理杂物，握手言和");
        done["doneByName"]!.GetValue<string>().ShouldBe("孙海燕");
        meeting["items"]![1]!["status"]!.GetValue<string>().ShouldBe("open");

        var list = await (await leader.GetAsync($"/api/visits/meetings?region={CaseRequests.XiyuanVillage}&pageSize=200")).ReadJsonAsync();
        var row = list["items"]!.AsArray().Single(m => m!["id"]!.GetValue<long>() == id)!;
        row["items"]!.GetValue<int>().ShouldBe(2);
        row["openItems"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_meeting_cannot_be_recorded_for_a_place_outside_the_subtree_and_bad_items_are_field_errors()
    {
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var place = "会议室" + Guid.NewGuid().ToString("N")[..6];
        using var village = await worker.PostAsJsonAsync("/api/visits/meetings", Meeting(CaseRequests.XiyuanVillage, place));
        village.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await village.ReadJsonAsync())["errors"]!["regionCode"].ShouldNotBeNull();

        var bad = Meeting(CaseRequests.XiyuanGrid, place);
        bad["items"]![1]!["dueOn"] = "2000-01-01";
        bad["items"]![0]!["text"] = "";
        bad["memberUserIds"] = new JsonArray(await UserIdAsync("gridworker"));
        using var invalid = await worker.PostAsJsonAsync("/api/visits/meetings", bad);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await invalid.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["items[0].text", "items[1].dueOn", "memberUserIds"]);

        await using var db = app.SystemDb();
        (await db.ReviewMeetings.CountAsync(m => m.Place == place)).ShouldBe(0);

        using var ok = await worker.PostAsJsonAsync("/api/visits/meetings", Meeting(CaseRequests.XiyuanGrid, place));
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        using var household = await app.LoginAsync("household");
        (await household.PostAsJsonAsync("/api/visits/meetings", Meeting(CaseRequests.XiyuanGrid, place))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<long> UserIdAsync(string userName)
    {
        await using var db = app.SystemDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }
}
