using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Concord.Web.Demo;
using Concord.Web.Open311;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Open311;

/// <summary>The registry of Open311 client applications: key shown once, stored as a digest, scoped, revocable.</summary>
[Collection(AppCollection.Name)]
public sealed partial class ClientAppsTests(ConcordFactory app)
{
    private const string CountyCentre = "340881-ZZZX";
    private const string WenchangCentre = "340881002-ZZZX";
    private const string LongmianCentre = "340881003-ZZZX";

    private async Task<long> OrgIdAsync(string code)
    {
        await using var db = app.SystemDb();
        return await db.OrgUnits.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }

    private async Task<JsonNode> CreateAsync(HttpClient admin, string name, string orgCode, string? phone = "13912345678")
    {
        using var response = await admin.PostAsJsonAsync("/api/admin/client-apps", new { name, orgUnitId = await OrgIdAsync(orgCode), contactName = "张工", contactPhone = phone });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task The_api_key_is_shown_once_and_stored_only_as_a_keyed_digest()
    {
        using var admin = await app.LoginAsync("sysadmin");
        var name = "热线测试 " + Guid.NewGuid().ToString("N")[..6];
        var created = await CreateAsync(admin, name, CountyCentre);
        var key = created["apiKey"]!.GetValue<string>();
        key.ShouldStartWith("o311_");
        key.Length.ShouldBeGreaterThanOrEqualTo(40);

        var list = await admin.GetStringAsync("/api/admin/client-apps");
        list.ShouldContain(name);
        list.ShouldNotContain(key);
        list.ShouldContain(key[..13]);
        list.ShouldNotContain("13912345678");
        list.ShouldContain("139****5678");

        await using var db = app.SystemDb();
        var stored = await db.ClientApps.SingleAsync(a => a.Name == name);
        stored.KeyDigest.ShouldNotContain(key);
        stored.KeyDigest.ShouldBe(app.Services.GetRequiredService<ClientAppKeys>().Digest(key));
        stored.ContactPhone.Masked.ShouldBe("139****5678");
        var audit = await db.AuditEntries.Where(a => a.EntityType == "ClientApp" && a.EntityId == stored.KeyPrefix).Select(a => a.Changes).ToListAsync();
        audit.ShouldHaveSingleItem().ShouldNotContain(key);
        audit[0].ShouldNotContain("13912345678");
        audit[0].ShouldNotContain(stored.KeyDigest);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_finds_its_app_and_revoking_needs_a_reason()
    {
        using var admin = await app.LoginAsync("sysadmin");
        var created = await CreateAsync(admin, "待停用 " + Guid.NewGuid().ToString("N")[..6], WenchangCentre, phone: null);
        var id = created["id"]!.GetValue<long>();
        var key = created["apiKey"]!.GetValue<string>();
        var keys = app.Services.GetRequiredService<ClientAppKeys>();
        await using (var db = app.SystemDb())
        {
            (await keys.FindActiveAsync(db, key, default))!.Id.ShouldBe(id);
            (await keys.FindActiveAsync(db, key + "x", default)).ShouldBeNull();
        }

        using var noReason = await admin.PostAsJsonAsync($"/api/admin/client-apps/{id}/revoke", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("reason");

        using var revoked = await admin.PostAsJsonAsync($"/api/admin/client-apps/{id}/revoke", new { reason = "合同到期" });
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.SystemDb())
        {
            (await keys.FindActiveAsync(db, key, default)).ShouldBeNull();
            (await db.ClientApps.SingleAsync(a => a.Id == id)).RevokeReason.ShouldBe("合同到期");
        }

        using var again = await admin.PostAsJsonAsync($"/api/admin/client-apps/{id}/revoke", new { reason = "再次" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_saves_nothing()
    {
        using var admin = await app.LoginAsync("sysadmin");
        await using var before = app.SystemDb();
        var count = await before.ClientApps.CountAsync();
        using var response = await admin.PostAsJsonAsync("/api/admin/client-apps", new { name = "", orgUnitId = (long?)null, contactName = "", contactPhone = "12" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        foreach (var field in new[] { "name", "orgUnitId", "contactName", "contactPhone" })
        {
            problem["errors"]![field].ShouldNotBeNull(field);
        }

        await using var after = app.SystemDb();
        (await after.ClientApps.CountAsync()).ShouldBe(count);
    }

    [Theory]
    [InlineData("clerk")]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    public async Task Only_the_system_admin_manages_client_apps(string user)
    {
        using var client = await app.LoginAsync(user);
        (await client.GetAsync("/api/admin/client-apps")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var post = await client.PostAsJsonAsync("/api/admin/client-apps", new { name = "x", orgUnitId = 1, contactName = "x" });
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_town_admin_neither_sees_nor_revokes_nor_creates_apps_of_another_subtree()
    {
        using var admin = await app.LoginAsync("sysadmin");
        var county = await CreateAsync(admin, "县级应用 " + Guid.NewGuid().ToString("N")[..6], CountyCentre);
        var userName = "lm.admin" + Guid.NewGuid().ToString("N")[..6];
        using (var user = await admin.PostAsJsonAsync("/api/admin/users", new { userName, displayName = "龙眠管理员", role = "SystemAdmin", orgUnitId = await OrgIdAsync(LongmianCentre), password = DemoUsers.Password }))
        {
            user.StatusCode.ShouldBe(HttpStatusCode.Created, await user.Content.ReadAsStringAsync());
        }

        using var town = await app.LoginAsync(userName);
        (await town.GetStringAsync("/api/admin/client-apps")).ShouldNotContain(county["name"]!.GetValue<string>());
        using var revoke = await town.PostAsJsonAsync($"/api/admin/client-apps/{county["id"]}/revoke", new { reason = "越权" });
        revoke.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var outside = await town.PostAsJsonAsync("/api/admin/client-apps", new { name = "越界", orgUnitId = await OrgIdAsync(WenchangCentre), contactName = "x" });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Content.ReadAsStringAsync()).ShouldContain("orgUnitId");
        var own = await CreateAsync(town, "龙眠应用 " + Guid.NewGuid().ToString("N")[..6], LongmianCentre);
        await using var db = app.SystemDb();
        (await db.ClientApps.SingleAsync(a => a.Id == own["id"]!.GetValue<long>())).RegionCode.ShouldBe("340881003");
    }

    [Fact]
    public async Task The_page_shows_a_new_key_once_and_revokes_after_confirmation()
    {
        using var client = await PageClient.LoginAsync(app, "sysadmin");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/admin/open311");
        var name = "页面应用 " + Guid.NewGuid().ToString("N")[..6];
        using var created = await client.PostAsync("/admin/open311?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = name,
            ["Input.OrgUnitId"] = (await OrgIdAsync(WenchangCentre)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.ContactName"] = "李工",
            ["Input.ContactPhone"] = "0556-6123456",
        }));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        created.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await created.Content.ReadAsStringAsync();
        var key = KeyPattern().Match(html).Value;
        key.ShouldStartWith("o311_");
        html.ShouldContain("仅显示这一次");

        var list = await client.GetStringAsync("/admin/open311");
        list.ShouldContain(name);
        list.ShouldNotContain(key);
        list.ShouldContain("confirm(");

        await using var db = app.SystemDb();
        var id = await db.ClientApps.Where(a => a.Name == name).Select(a => a.Id).SingleAsync();
        using var revoked = await client.PostAsync("/admin/open311?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await PageClient.AntiforgeryTokenAsync(client, "/admin/open311"),
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = "测试停用",
        }));
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var after = app.SystemDb();
        (await after.ClientApps.SingleAsync(a => a.Id == id)).RevokedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_demo_apps_are_seeded_with_their_published_keys()
    {
        await using var db = app.SystemDb();
        var keys = app.Services.GetRequiredService<ClientAppKeys>();
        (await keys.FindActiveAsync(db, DemoClientApps.HotlineKey, default))!.RegionCode.ShouldBe("340881");
        (await keys.FindActiveAsync(db, DemoClientApps.LongmianKey, default))!.RegionCode.ShouldBe("340881003");
    }

    [GeneratedRegex("o311_[0-9a-f]{40}")]
    private static partial Regex KeyPattern();
}
