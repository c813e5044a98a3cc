using System.Net;
using Concord.Web.Tests.Infrastructure;

namespace Concord.Web.Tests.Cases;

[Collection(AppCollection.Name)]
public sealed class SearchCasesTests(ConcordFactory app)
{
    [Fact]
    public async Task Two_character_keywords_find_the_new_case_that_contains_them_and_not_the_others()
    {
        using var clerk = await app.LoginAsync("clerk");
        var property = await clerk.RegisterCaseAsync(CaseRequests.Body(summary: "小区物业拒不维修", narrative: "业主反映物业公司拒不维修屋顶漏水。"));
        var wages = CaseRequests.Body(summary: "建筑工地拖欠工资", narrative: "十二名工人反映包工头拖欠三个月工资。");
        wages["categoryCode"] = "06";
        var wageCase = await clerk.RegisterCaseAsync(wages);

        var byProperty = await clerk.ListCodesAsync("q=" + Uri.EscapeDataString("物业") + "&pageSize=100");
        byProperty.ShouldContain(property);
        byProperty.ShouldNotContain(wageCase);

        var byWages = await clerk.ListCodesAsync("q=" + Uri.EscapeDataString("工资") + "&pageSize=100");
        byWages.ShouldContain(wageCase);
        byWages.ShouldNotContain(property);
    }

    [Fact]
    public async Task A_longer_keyword_matches_only_when_all_its_bigrams_are_present()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(summary: "宅基地界址争议", narrative: "两户因宅基地界址发生争执，一方砌墙占用通道。"));
        (await clerk.ListCodesAsync("q=" + Uri.EscapeDataString("界址争议") + "&pageSize=100")).ShouldContain(code);
        (await clerk.ListCodesAsync("q=" + Uri.EscapeDataString("界址纠葛") + "&pageSize=100")).ShouldNotContain(code);
    }

    [Fact]
    public async Task A_case_code_as_the_keyword_finds_exactly_that_case()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await clerk.RegisterCaseAsync();
        (await clerk.ListCodesAsync("q=" + code)).ShouldBe([code]);
    }

    [Fact]
    public async Task The_list_filters_by_category_and_status_and_reports_a_total()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = "m" + Guid.NewGuid().ToString("N")[..12];
        var traffic = CaseRequests.Body(marker: marker);
        traffic["categoryCode"] = "09";
        var code = await clerk.RegisterCaseAsync(traffic);
        await clerk.RegisterCaseAsync(CaseRequests.Body(marker: marker));

        using var response = await clerk.GetAsync($"/api/cases?q={marker}&categoryCode=09&status=Registered");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.ReadJsonAsync();
        page["total"]!.GetValue<int>().ShouldBe(1);
        page["items"]!.AsArray().Single()!["code"]!.GetValue<string>().ShouldBe(code);
        (await clerk.ListCodesAsync($"q={marker}&status=Closed")).ShouldBeEmpty();
        (await clerk.ListCodesAsync($"q={marker}")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Paging_splits_the_list_without_overlap()
    {
        using var clerk = await app.LoginAsync("clerk");
        var marker = "m" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 5; i++)
        {
            await clerk.RegisterCaseAsync(CaseRequests.Body(marker: marker));
        }

        var first = await clerk.ListCodesAsync($"q={marker}&page=1&pageSize=3");
        var second = await clerk.ListCodesAsync($"q={marker}&page=2&pageSize=3");
        first.Count.ShouldBe(3);
        second.Count.ShouldBe(2);
        first.Intersect(second).ShouldBeEmpty();
    }
}
