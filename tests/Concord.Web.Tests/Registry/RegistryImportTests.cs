using System.Net;
using System.Text;
using Concord.Web.Tests.Infrastructure;
using ExcelDataReader;
using Microsoft.EntityFrameworkCore;
using static Concord.Web.Tests.Registry.RegistryFiles;

namespace Concord.Web.Tests.Registry;

/// <summary>Import through the API: good files (.xlsx and .csv), bad rows, wrong templates, scope, double submits.</summary>
[Collection(AppCollection.Name)]
public sealed class RegistryImportTests(ConcordFactory app)
{
    [Fact]
    public async Task A_good_xlsx_file_of_households_is_imported_whole_with_personal_data_protected()
    {
        var family = Marker();
        var (a, b, c) = (IdNumber(), IdNumber(male: false), IdNumber());
        var phone = Mobile();
        var file = Xlsx(HouseholdHeaders,
            ["1", XiyuanUnit, $"{family}小区1栋101", $"{family}甲", "男", a, phone, "户主"],
            ["1", XiyuanUnit, $"{family}小区1栋101", $"{family}乙", "", b, "", "配偶"],
            ["2", XiyuanUnit, $"{family}小区2栋202", $"{family}丙", "", c, "", "户主"]);
        using var clerk = await app.LoginAsync("clerk");

        using var response = await clerk.PostAsync("/api/registry/import/households", Upload(file, "居民.xlsx"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        result["imported"]!.GetValue<bool>().ShouldBeTrue();
        result["rows"]!.GetValue<int>().ShouldBe(3);
        await using var db = app.SystemDb();
        var residents = await db.Residents.Where(r => r.Name.StartsWith(family)).ToListAsync();
        residents.Count.ShouldBe(3);
        residents.Select(r => r.HouseholdId).Distinct().Count().ShouldBe(2);
        residents.Single(r => r.Name.EndsWith('乙')).Male.ShouldBeFalse();
        residents.ShouldAllBe(r => r.IdNumber.Masked!.Contains('*') && r.IdTailDigest != null);
        var households = await db.Households.Where(h => residents.Select(r => r.HouseholdId).Contains(h.Id)).ToListAsync();
        households.ShouldAllBe(h => h.Address.Cipher != null && h.Address.Masked!.EndsWith("****") && h.AddressTokens != null);
    }

    [Fact]
    public async Task A_good_csv_file_of_places_is_imported()
    {
        var marker = Marker();
        var file = Csv(PlaceHeaders,
            [$"{marker}文化广场", "公共场所", XiyuanGrid, "西苑路1号", "31.05", "116.95"],
            [$"{marker}幼儿园", "学校幼儿园", "340881002003", "西苑路9号", "", ""]);
        using var clerk = await app.LoginAsync("clerk");

        using var response = await clerk.PostAsync("/api/registry/import/places", Upload(file, "places.csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name.StartsWith(marker))).ShouldBe(2);
    }

    [Fact]
    public async Task A_csv_saved_by_a_Chinese_Excel_in_GB18030_is_read()
    {
        var marker = Marker();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = string.Join("\r\n", string.Join(',', PlaceHeaders), $"{marker}菜市场,商铺市场,{XiyuanGrid},西苑路3号,,");
        using var clerk = await app.LoginAsync("clerk");

        using var response = await clerk.PostAsync("/api/registry/import/places", Upload(Encoding.GetEncoding("GB18030").GetBytes(text), "gbk.csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name == $"{marker}菜市场")).ShouldBe(1);
    }

    [Fact]
    public async Task One_bad_row_saves_nothing_and_the_report_names_row_column_and_reason()
    {
        var marker = Marker();
        var file = Csv(OrganisationHeaders,
            [$"{marker}超市", "个体工商户", "", XiyuanGrid, "西苑路5号", "王五", Mobile()],
            [$"{marker}公司", "企业", "91340881MA2N0000X0", XiyuanGrid, "西苑路6号", "李四", "12345"],
            [$"{marker}协会", "不存在的类型", "", XiyuanGrid, "", "赵六", Mobile()]);
        using var clerk = await app.LoginAsync("clerk");

        using var response = await clerk.PostAsync("/api/registry/import/organisations", Upload(file, "orgs.csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var result = await response.ReadJsonAsync();
        result["imported"]!.GetValue<bool>().ShouldBeFalse();
        var errors = result["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>(), Reason: e["reason"]!.GetValue<string>())).ToList();
        errors.ShouldContain(e => e.Row == 3 && e.Column == "统一社会信用代码" && e.Reason.Contains("校验位"));
        errors.ShouldContain(e => e.Row == 3 && e.Column == "联系电话");
        errors.ShouldContain(e => e.Row == 4 && e.Column == "组织类型");
        errors.ShouldContain(e => e.Row == 4 && e.Column == "地址" && e.Reason == "请填写地址。");
        errors.ShouldNotContain(e => e.Row == 2);
        await using (var db = app.SystemDb())
        {
            (await db.Organisations.CountAsync(o => o.Name.StartsWith(marker))).ShouldBe(0);
        }

        var report = await clerk.GetStringAsync(result["reportUrl"]!.GetValue<string>());
        report.ShouldContain("行号,列,原因");
        report.ShouldContain("3,联系电话,");
        using var xlsx = await clerk.GetAsync(result["reportUrl"]!.GetValue<string>() + "?format=xlsx");
        var rows = ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        rows[0].ShouldBe(["行号", "列", "原因"]);
        rows.Skip(1).ShouldContain(r => r[0] == "4" && r[1] == "组织类型");
    }

    [Fact]
    public async Task A_file_of_another_template_is_refused_with_a_clear_message_and_nothing_saved()
    {
        var marker = Marker();
        var file = Xlsx(PlaceHeaders, [$"{marker}广场", "公共场所", XiyuanGrid, "西苑路1号", "", ""]);
        using var clerk = await app.LoginAsync("clerk");

        using var response = await clerk.PostAsync("/api/registry/import/households", Upload(file, "places.xlsx"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem["code"]!.GetValue<string>().ShouldBe("import_wrong_template");
        problem["title"]!.GetValue<string>().ShouldContain("缺少列：户编号");
        problem["title"]!.GetValue<string>().ShouldContain("请下载最新模板");
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name.StartsWith(marker))).ShouldBe(0);
    }

    [Fact]
    public async Task Rows_outside_the_uploaders_subtree_are_errors_and_nothing_is_saved()
    {
        var marker = Marker();
        var file = Csv(PlaceHeaders,
            [$"{marker}龙眠广场", "公共场所", "340881003001", "龙眠路1号", "", ""],
            [$"{marker}西苑广场", "公共场所", XiyuanGrid, "西苑路1号", "", ""]);
        using var longmian = await app.LoginAsync("longmian.clerk");

        using var response = await longmian.PostAsync("/api/registry/import/places", Upload(file, "scope.csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsArray();
        errors.Count.ShouldBe(1);
        errors[0]!["row"]!.GetValue<int>().ShouldBe(3);
        errors[0]!["reason"]!.GetValue<string>().ShouldContain("不在您的管辖范围内");
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name.StartsWith(marker))).ShouldBe(0);
    }

    [Fact]
    public async Task The_same_file_submitted_twice_is_imported_once()
    {
        var marker = Marker();
        var file = Csv(PlaceHeaders, [$"{marker}篮球场", "公共场所", XiyuanGrid, "西苑路2号", "", ""]);
        using var clerk = await app.LoginAsync("clerk");

        var first = clerk.PostAsync("/api/registry/import/places", Upload(file, "twice.csv"));
        var second = clerk.PostAsync("/api/registry/import/places", Upload(file, "twice.csv"));
        var responses = await Task.WhenAll(first, second);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var replayed = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["replayed"]!.GetValue<bool>()));
        replayed.Count(x => x).ShouldBe(1);
        await using var db = app.SystemDb();
        (await db.Places.CountAsync(p => p.Name == $"{marker}篮球场")).ShouldBe(1);
    }

    [Fact]
    public async Task An_ID_number_that_Excel_turned_into_a_number_is_an_error_of_its_row()
    {
        var family = Marker();
        var csv = Csv(HouseholdHeaders, ["1", XiyuanUnit, $"{family}路2号", $"{family}乙", "", "3.40881199001011E+17", "", ""]);
        using var clerk = await app.LoginAsync("clerk");

        using var bad = await clerk.PostAsync("/api/registry/import/households", Upload(csv, "bad.csv"));

        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await bad.ReadJsonAsync())["errors"]!.AsArray().ShouldContain(e => e!["column"]!.GetValue<string>() == "身份证号" && e["row"]!.GetValue<int>() == 2);
    }

    [Theory]
    [InlineData("households", "户编号")]
    [InlineData("places", "场所类型")]
    [InlineData("parts", "部件类别代码")]
    [InlineData("organisations", "统一社会信用代码")]
    public async Task Templates_come_as_xlsx_with_instructions_and_as_csv_with_the_same_Chinese_headers(string kind, string header)
    {
        using var clerk = await app.LoginAsync("clerk");
        var xlsx = ReadXlsx(await clerk.GetByteArrayAsync($"/api/registry/import/{kind}/template?format=xlsx"));
        xlsx[0].ShouldContain(header);
        var csv = Encoding.UTF8.GetString(await clerk.GetByteArrayAsync($"/api/registry/import/{kind}/template?format=csv")).TrimStart('\uFEFF');
        csv.Split("\r\n")[0].Trim().Split(',').ShouldBe(xlsx[0]);
    }

    [Fact]
    public async Task Five_thousand_rows_are_imported_in_one_request()
    {
        var marker = Marker();
        var rows = Enumerable.Range(1, 5000).Select(i => new[] { $"{marker}部件{i}", "", XiyuanGrid, $"西苑路{i}号", "市城管局", "", "", "" })
            .Select(r => new[] { "0115", r[0], r[2], r[3], r[4], "完好", "", "" }).ToArray();
        var file = Xlsx(["部件类别代码", "部件名称", "所在村（社区）或网格编码", "位置描述", "主管部门", "状态", "纬度", "经度"], rows);
        using var clerk = await app.LoginAsync("clerk");
        clerk.Timeout = TimeSpan.FromMinutes(5);

        using var response = await clerk.PostAsync("/api/registry/import/parts", Upload(file, "parts.xlsx"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync())["rows"]!.GetValue<int>().ShouldBe(5000);
        await using var db = app.SystemDb();
        (await db.CityParts.CountAsync(p => p.Name.StartsWith(marker))).ShouldBe(5000);
    }

    private static List<string[]> ReadXlsx(byte[] content)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(content);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        }

        return rows;
    }
}
