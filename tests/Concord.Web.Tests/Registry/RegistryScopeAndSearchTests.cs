using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using static Concord.Web.Tests.Registry.RegistryFiles;

namespace Concord.Web.Tests.Registry;

/// <summary>Scope (another subtree → 404, cannot be written), masking by role, and search by name, address and ID tail.</summary>
[Collection(AppCollection.Name)]
public sealed class RegistryScopeAndSearchTests(ConcordFactory app)
{
    private async Task<long> CreateAsync(string user, string path, object body)
    {
        using var client = await app.LoginAsync(user);
        using var response = await client.PostAsJsonAsync(path, body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"]!.GetValue<long>();
    }

    public static TheoryData<string, string> Registries => new()
    {
        { "places", """{"name":"M","kind":"Public","regionCode":"340881002003001","address":"西苑路1号"}""" },
        { "parts", """{"kindCode":"0115","name":"M","regionCode":"340881002003001","location":"西苑路口","ownerDepartment":"市城管局"}""" },
        { "organisations", """{"name":"M","kind":"Enterprise","regionCode":"340881002003001","address":"西苑路2号","contactName":"张三","contactPhone":"13800001111"}""" },
        { "sentiments", """{"topic":"Livelihood","text":"M 路灯不亮","regionCode":"340881002003001"}""" },
    };

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task A_Xiyuan_record_does_not_exist_for_a_grid_worker_of_another_village_and_cannot_be_written(string kind, string json)
    {
        var marker = Marker();
        var body = JsonNode.Parse(json.Replace("\"M", $"\"{marker}", StringComparison.Ordinal))!;
        var id = await CreateAsync("xiyuan.gridworker", $"/api/registry/{kind}", body);
        using var other = await app.LoginAsync("gridworker");

        (await other.GetAsync($"/api/registry/{kind}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetStringAsync($"/api/registry/{kind}?q={marker}&pageSize=100")).ShouldNotContain(marker);
        (await other.PutAsJsonAsync($"/api/registry/{kind}/{id}", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body["regionCode"] = SanliGrid;
        (await other.PostAsJsonAsync($"/api/registry/{kind}", body)).StatusCode.ShouldBe(HttpStatusCode.Created, "its own grid is fine");
        body["regionCode"] = XiyuanGrid;
        using var refused = await other.PostAsJsonAsync($"/api/registry/{kind}", body);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadJsonAsync())["errors"]!["regionCode"]![0]!.GetValue<string>().ShouldContain("不在您的管辖范围内");
        using var page = await PageClient.LoginAsync(app, "gridworker");
        (await page.GetAsync($"/registry/{kind}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var own = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        (await own.GetStringAsync($"/registry/{kind}/{id}")).ShouldContain(marker);
    }

    [Fact]
    public async Task A_household_of_Xiyuan_is_404_for_another_villages_grid_worker_on_page_and_API()
    {
        var id = await CreateAsync("xiyuan.gridworker", "/api/registry/households", new { regionCode = XiyuanUnit, address = $"{Marker()}路1号" });
        using var other = await app.LoginAsync("gridworker");
        (await other.GetAsync($"/api/registry/households/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/registry/households/{id}/residents", new { name = "某人", idNumber = IdNumber() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var page = await PageClient.LoginAsync(app, "gridworker");
        (await page.GetAsync($"/registry/households/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.GetAsync($"/grids/{XiyuanGrid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.GetAsync($"/grids/{SanliGrid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Personal_data_is_masked_for_grid_workers_and_clear_for_clerks()
    {
        var id = IdNumber();
        var phone = Mobile();
        var address = $"{Marker()}小区3栋301";
        var household = await CreateAsync("clerk", "/api/registry/households", new { regionCode = XiyuanUnit, address });
        await CreateAsync("clerk", $"/api/registry/households/{household}/residents", new { name = "钱多多", idNumber = id, phone });
        var org = await CreateAsync("clerk", "/api/registry/organisations", new { name = Marker(), kind = "Enterprise", regionCode = XiyuanGrid, address = "西苑路", contactName = "欧阳修文", contactPhone = phone });

        using var clerk = await app.LoginAsync("clerk");
        var clear = await clerk.GetStringAsync($"/api/registry/households/{household}");
        clear.ShouldContain(id);
        clear.ShouldContain(phone);
        clear.ShouldContain(address);
        (await clerk.GetStringAsync($"/api/registry/organisations/{org}")).ShouldContain("欧阳修文");

        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var masked = await worker.GetStringAsync($"/api/registry/households/{household}");
        masked.ShouldNotContain(id);
        masked.ShouldNotContain(phone);
        masked.ShouldNotContain(address);
        masked.ShouldContain(Masked(id));
        masked.ShouldContain(Phone(phone));
        var orgView = await worker.GetStringAsync($"/api/registry/organisations/{org}");
        orgView.ShouldContain("欧**文");
        orgView.ShouldNotContain(phone);
        using var page = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var html = await page.GetStringAsync($"/registry/households/{household}");
        html.ShouldContain(Masked(id));
        html.ShouldNotContain(id);
    }

    [Fact]
    public async Task A_masked_value_sent_back_by_a_reader_who_only_sees_the_mask_keeps_the_stored_value()
    {
        var phone = Mobile();
        var org = await CreateAsync("clerk", "/api/registry/organisations", new { name = Marker(), kind = "Enterprise", regionCode = XiyuanGrid, address = "西苑路", contactName = "王小明", contactPhone = phone });
        using var worker = await app.LoginAsync("xiyuan.gridworker");
        var view = await (await worker.GetAsync($"/api/registry/organisations/{org}")).ReadJsonAsync();
        view["address"] = "西苑路新址";
        (await worker.PutAsJsonAsync($"/api/registry/organisations/{org}", view)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var clerk = await app.LoginAsync("clerk");
        var stored = await (await clerk.GetAsync($"/api/registry/organisations/{org}")).ReadJsonAsync();
        stored["contactPhone"]!.GetValue<string>().ShouldBe(phone);
        stored["contactName"]!.GetValue<string>().ShouldBe("王小明");
        stored["address"]!.GetValue<string>().ShouldBe("西苑路新址");
    }

    [Fact]
    public async Task Households_are_found_by_a_residents_name_an_address_keyword_and_the_tail_of_an_ID_number()
    {
        var marker = Marker();
        var id = IdNumber();
        var household = await CreateAsync("clerk", "/api/registry/households", new { regionCode = XiyuanUnit, address = $"文昌街道{marker}花园7栋502" });
        await CreateAsync("clerk", $"/api/registry/households/{household}/residents", new { name = $"{marker}人", idNumber = id });
        using var worker = await app.LoginAsync("xiyuan.gridworker");

        async Task<bool> FoundAsync(string q)
        {
            var list = await (await worker.GetAsync("/api/registry/households?pageSize=100&q=" + Uri.EscapeDataString(q))).ReadJsonAsync();
            return list["items"]!.AsArray().Any(i => i!["id"]!.GetValue<long>() == household);
        }

        (await FoundAsync($"{marker}人")).ShouldBeTrue("by name");
        (await FoundAsync($"{marker}花园")).ShouldBeTrue("by address keyword");
        (await FoundAsync("7栋502")).ShouldBeTrue("by building and flat");
        (await FoundAsync(Tail(id, 6))).ShouldBeTrue("by the last six of the ID number");
        (await FoundAsync(Tail(id, 5))).ShouldBeTrue("by the last five");
        (await FoundAsync(Tail(id, 4))).ShouldBeTrue("by the last four");
        (await FoundAsync("花园8栋")).ShouldBeFalse();

        var wrongFifth = (id[^5] == '9' ? '0' : (char)(id[^5] + 1)) + Tail(id, 4);
        (await FoundAsync(wrongFifth)).ShouldBeFalse("five characters must all match");
        using var other = await app.LoginAsync("gridworker");
        var elsewhere = await (await other.GetAsync($"/api/registry/households?q={Tail(id, 6)}")).ReadJsonAsync();
        elsewhere["items"]!.AsArray().ShouldNotContain(i => i!["id"]!.GetValue<long>() == household);
    }

    [Fact]
    public async Task The_full_ID_number_and_address_are_nowhere_in_clear_in_the_database()
    {
        var id = IdNumber();
        var marker = Marker();
        var household = await CreateAsync("clerk", "/api/registry/households", new { regionCode = XiyuanUnit, address = $"{marker}巷9号" });
        await CreateAsync("clerk", $"/api/registry/households/{household}/residents", new { name = "孙某", idNumber = id });
        await using var db = app.SystemDb();
        var row = await db.Residents.AsNoTracking().SingleAsync(r => r.HouseholdId == household);
        var tail = id[^6..];
        new[] { row.IdNumber.Masked, row.IdNumber.Digest, row.IdTailDigest }.ShouldAllBe(v => v != null && !v.Contains(id) && !v.Contains(tail));
        var h = await db.Households.AsNoTracking().SingleAsync(x => x.Id == household);
        h.AddressTokens!.ShouldNotContain(marker);
        h.Address.Masked!.ShouldNotContain("9号");
    }
}
