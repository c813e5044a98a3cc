using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Pages;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Field;

/// <summary>
/// 随手拍 without JavaScript: the form posts to the page, which calls the same ReportEvent
/// handler as the API, with the idempotency key the page was served with. (The JavaScript path —
/// the offline queue — is proven in the browser journeys.)
/// </summary>
[Collection(FieldCollection.Name)]
public sealed partial class ReportPageTests(ConcordFactory app)
{
    private static async Task<(string Token, string Key)> FormAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/m/report");
        var token = await PageClient.AntiforgeryTokenAsync(client, "/m/report");
        var key = KeyPattern().Match(html).Groups[1].Value;
        key.ShouldNotBeNullOrEmpty();
        return (token, key);
    }

    private static MultipartFormDataContent Form(string token, string key, string text, string region = CaseRequests.XiyuanGrid, string item = "010101", string? address = "和平路 6 号", byte[]? photo = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(key), "Input.IdempotencyKey" },
            { new StringContent(item), "Input.ItemCode" },
            { new StringContent(text), "Input.Text" },
            { new StringContent(region), "Input.RegionCode" },
        };
        if (address is not null)
        {
            form.Add(new StringContent(address), "Input.Address");
        }

        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "Photos", "现场.jpg");
        }

        return form;
    }

    [Fact]
    public async Task The_report_form_files_an_event_with_its_photo_once_however_often_it_is_posted()
    {
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var (token, key) = await FormAsync(client);
        var text = "路边垃圾堆积 " + Guid.NewGuid().ToString("N")[..8];
        var photo = EventRequests.JpegBytes();

        using var first = await client.PostAsync("/m/report", Form(token, key, text, photo: photo));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = first.Headers.Location!.ToString();
        location.ShouldStartWith("/m/events/E340881-");
        using var again = await client.PostAsync("/m/report", Form(token, key, text, photo: photo));
        again.Headers.Location!.ToString().ShouldBe(location);

        await using var db = app.SystemDb();
        var e = await db.GridEvents.Include(x => x.Photos).SingleAsync(x => x.Text == text);
        e.Address.ShouldBe("和平路 6 号");
        e.Photos.ShouldHaveSingleItem().ContentType.ShouldBe("image/jpeg");
        (await client.GetStringAsync(location)).ShouldContain(text);
    }

    [Fact]
    public async Task Bad_input_is_shown_beside_the_fields_and_nothing_is_saved()
    {
        using var client = await PageClient.LoginAsync(app, "xiyuan.gridworker");
        var (token, key) = await FormAsync(client);
        var text = "无类别无地址 " + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.PostAsync("/m/report", Form(token, key, text, item: "", address: null));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("请选择事件类别。");
        html.ShouldContain("请提供事件位置（定位或地址）。");
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(x => x.Text == text)).ShouldBe(0);
    }

    [Fact]
    public async Task A_grid_worker_cannot_file_an_event_in_another_grid_from_the_phone_page()
    {
        using var client = await PageClient.LoginAsync(app, "gridworker");
        var html = await client.GetStringAsync("/m/report");
        html.ShouldContain(CaseRequests.SanliGrid);
        html.ShouldNotContain($"value=\"{CaseRequests.XiyuanGrid}\"");

        var (token, key) = await FormAsync(client);
        var text = "越界上报 " + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.PostAsync("/m/report", Form(token, key, text, region: CaseRequests.XiyuanGrid));
        (await response.Content.ReadAsStringAsync()).ShouldContain("该网格或村（社区）不在您的管辖范围内。");
        await using var db = app.SystemDb();
        (await db.GridEvents.CountAsync(x => x.Text == text)).ShouldBe(0);
    }

    [Fact]
    public async Task The_report_page_offers_the_whole_taxonomy_and_the_camera()
    {
        using var client = await PageClient.LoginAsync(app, "household");
        var html = await client.GetStringAsync("/m/report");
        Regex.Matches(html, "class=\"picker-item\"").Count.ShouldBe(Domain.Events.EventTaxonomy.Items.Count);
        html.ShouldContain("capture=\"environment\"");
        html.ShouldContain("/js/field/report.js");
        html.ShouldNotContain("//cdn");
    }

    [GeneratedRegex("name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex KeyPattern();
}
