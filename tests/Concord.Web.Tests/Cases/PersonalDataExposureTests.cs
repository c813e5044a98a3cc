using System.Net;
using Concord.Domain.Privacy;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Cases;

/// <summary>ID numbers and phones leave the database only masked, and the audit log never holds them in clear.</summary>
[Collection(AppCollection.Name)]
public sealed class PersonalDataExposureTests(ConcordFactory app)
{
    private const string IdFirst17 = "34088119851203457";
    private static readonly string s_idNumber = IdFirst17 + IdNumber.CheckCharFor(IdFirst17);
    private const string PhoneNumber = "13955667788";

    private async Task<string> RegisterWithPersonalDataAsync(HttpClient client)
    {
        var body = CaseRequests.Body();
        body["parties"]![0]!["name"] = "欧阳小华";
        body["parties"]![0]!["idNumber"] = s_idNumber;
        body["parties"]![0]!["phone"] = PhoneNumber;
        return await client.RegisterCaseAsync(body);
    }

    [Fact]
    public async Task Viewing_a_case_shows_id_numbers_and_phones_masked()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await RegisterWithPersonalDataAsync(clerk);

        using var response = await clerk.GetAsync($"/api/cases/{code}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var applicant = (await response.ReadJsonAsync())["parties"]!.AsArray().Single(p => p!["role"]!.GetValue<string>() == "applicant")!;
        applicant["idNumber"]!.GetValue<string>().ShouldBe(IdNumber.Mask(s_idNumber));
        applicant["idNumber"]!.GetValue<string>().ShouldBe("3408**********" + s_idNumber[^4..]);
        applicant["phone"]!.GetValue<string>().ShouldBe("139****7788");
        text.ShouldNotContain(s_idNumber);
        text.ShouldNotContain(PhoneNumber);
    }

    [Fact]
    public async Task Id_numbers_and_phones_are_stored_encrypted()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await RegisterWithPersonalDataAsync(clerk);
        await using var db = app.SystemDb();
        var party = await db.Cases.Where(c => c.Code == code).SelectMany(c => c.Parties).FirstAsync(p => p.Name == "欧阳小华");
        party.IdNumber.Cipher.ShouldNotBeNull();
        System.Text.Encoding.UTF8.GetString(party.IdNumber.Cipher!).ShouldNotContain(IdFirst17[..10]);
        party.IdNumber.Masked.ShouldBe(IdNumber.Mask(s_idNumber));
        party.Phone.Masked.ShouldBe("139****7788");
    }

    [Fact]
    public async Task The_audit_log_holds_no_id_number_phone_or_full_name_in_clear()
    {
        using var clerk = await app.LoginAsync("clerk");
        var code = await RegisterWithPersonalDataAsync(clerk);
        await using var db = app.SystemDb();
        var entries = await db.Database.SqlQuery<string>($"SELECT changes AS \"Value\" FROM audit_entries WHERE entity_id = {code}").ToListAsync();
        entries.Count.ShouldBe(1);
        entries[0].ShouldContain(IdNumber.Mask(s_idNumber));
        entries[0].ShouldContain("欧**华");

        var leaks = await db.Database.SqlQuery<long>(
            $"SELECT seq AS \"Value\" FROM audit_entries WHERE changes LIKE {"%" + s_idNumber + "%"} OR changes LIKE {"%" + PhoneNumber + "%"} OR changes LIKE {"%欧阳小华%"}").ToListAsync();
        leaks.ShouldBeEmpty();
    }
}
