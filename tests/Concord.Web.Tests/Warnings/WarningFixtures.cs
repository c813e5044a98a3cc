using System.Net;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Privacy;
using Concord.Web.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Warnings.Scan;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Warnings;

/// <summary>Cases for the warning tests: intake bodies with parties of their own, back-dated rows, scans and reads.</summary>
public static class WarningFixtures
{
    /// <summary>建设居委会 and 山水龙城居委会 of 文昌街道: only the overdue test registers cases there.</summary>
    public const string Jianshe = "340881002005";
    public const string Shanshui = "340881002007";

    private static int s_serial = 700;

    public static string NewIdNumber()
    {
        var serial = Interlocked.Increment(ref s_serial);
        var first17 = $"3408812002{serial % 100:00}{serial % 10000:0000}{serial % 10}";
        return first17 + IdNumber.CheckCharFor(first17);
    }

    /// <summary>An intake body whose applicant and respondent are its own unless given.</summary>
    public static JsonObject Body(string? idNumber = null, string? respondent = null, string village = CaseRequests.XiyuanVillage)
    {
        var body = CaseRequests.Body(village: village, marker: Guid.NewGuid().ToString("N")[..8]);
        var serial = Interlocked.Increment(ref s_serial);
        body["parties"]![0]!["idNumber"] = idNumber ?? NewIdNumber();
        body["parties"]![0]!["phone"] = $"1386{serial % 10000000:0000000}";
        body["parties"]![1]!["name"] = respondent ?? "预警测试公司" + Guid.NewGuid().ToString("N")[..8];
        body["peopleInvolved"] = 2;
        return body;
    }

    public static WarningScanner Scanner(this ConcordFactory app) => app.Services.GetRequiredService<WarningScanner>();

    public static Task ScanAsync(this ConcordFactory app, DateTime? at = null) => app.Scanner().ScanOnceAsync(at ?? DateTime.UtcNow);

    /// <summary>GET /api/warnings as <paramref name="client"/>; fails unless 200.</summary>
    public static async Task<JsonArray> WarningsAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/api/warnings?pageSize=100&" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    public static string[] CasesOf(JsonNode warning) => [.. warning["cases"]!.AsArray().Select(c => c!["code"]!.GetValue<string>())];

    /// <summary>The warnings whose linked cases include <paramref name="code"/>.</summary>
    public static List<JsonNode> With(this JsonArray warnings, string code) =>
        [.. warnings.Where(w => CasesOf(w!).Contains(code)).Select(w => w!)];

    /// <summary>A case written straight into the database, registered at a chosen time (for months of history).</summary>
    public static async Task<string> BackdatedAsync(ConcordFactory app, string village, string category, DateTime registeredAt)
    {
        await using var db = app.SystemDb();
        var code = "W" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        db.Cases.Add(new Concord.Web.Cases.Case
        {
            Code = code,
            RegionCode = village,
            VillageCode = village,
            CategoryCode = category,
            Summary = "历史案件",
            Narrative = "用于类别激增预警测试的历史案件。",
            Status = CaseStatus.Closed,
            RegisteredAt = registeredAt,
            UpdatedAt = registeredAt,
        });
        db.Audit("test.arranged", "Case", code, new { registeredAt });
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>Runs the deadline sweeper past every open deadline of these cases: they become overdue (warned).</summary>
    public static async Task MakeOverdueAsync(ConcordFactory app, IEnumerable<string> codes)
    {
        DateTime latest;
        await using (var db = app.SystemDb())
        {
            var list = codes.ToList();
            latest = await db.CaseDeadlines.Where(d => d.MetAt == null && db.Cases.Any(c => c.Id == d.CaseId && list.Contains(c.Code))).MaxAsync(d => d.DueAt);
        }

        await app.Services.GetRequiredService<DeadlineSweeper>().SweepOnceAsync(latest.AddMinutes(1));
    }
}
