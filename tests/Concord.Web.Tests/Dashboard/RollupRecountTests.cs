using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Domain.Regions;
using Concord.Web.Dashboard;
using Concord.Web.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Tests.Lessons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Concord.Web.Tests.Dashboard;

/// <summary>The roll-ups test sweeps deadlines at chosen times, so it has an app and database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class RollupsCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Rollups app";
}

/// <summary>
/// The dashboard roll-ups equal a full recount after a random sequence of real case changes:
/// intake through the API (plain rows of the group-commit writer), lifecycle moves, ratings
/// that reopen, status arranged through the tracked context, escalations and deadline sweeps.
/// </summary>
[Collection(RollupsCollection.Name)]
public sealed class RollupRecountTests(ConcordFactory app, ITestOutputHelper output)
{
    private static readonly string[] s_channels = ["window", "grid", "12345", "110", "court"];

    [Theory]
    [InlineData(20261207)]
    [InlineData(7)]
    public async Task Rollups_equal_a_full_recount_after_a_random_sequence_of_case_changes(int seed)
    {
        var random = new Random(seed);
        using var clerk = await app.LoginAsync("county.clerk");
        var categories = (await clerk.GetFromJsonAsync<JsonArray>("/api/categories"))!.Select(c => c!["code"]!.GetValue<string>()).ToArray();
        string[] villages;
        await using (var db = app.SystemDb())
        {
            villages = [.. (await db.Regions.Where(r => r.Code.StartsWith("340881") && r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync())
                .Order(StringComparer.Ordinal).Take(12)];
        }

        var codes = new List<string>();
        string? earlierIdNumber = null;
        var log = new List<string>();
        for (var step = 0; step < 45; step++)
        {
            var op = codes.Count < 3 ? 0 : random.Next(9);
            var code = codes.Count == 0 ? null : codes[random.Next(codes.Count)];
            switch (op)
            {
                case 0 or 1:
                    {
                        var body = CaseRequests.Body(village: villages[random.Next(villages.Length)], marker: Guid.NewGuid().ToString("N")[..8]);
                        body["categoryCode"] = categories[random.Next(categories.Length)];
                        body["channel"] = s_channels[random.Next(s_channels.Length)];
                        body["peopleInvolved"] = random.Next(1, 9);
                        body["parties"]![1]!["name"] = "汇总测试公司" + Guid.NewGuid().ToString("N")[..6];
                        if (earlierIdNumber is not null && random.Next(4) == 0)
                        {
                            body["parties"]![0]!["idNumber"] = earlierIdNumber;
                        }

                        earlierIdNumber = body["parties"]![0]!["idNumber"]!.GetValue<string>();
                        codes.Add(await clerk.RegisterCaseAsync(body));
                        log.Add("register " + codes[^1]);
                        break;
                    }

                case 2:
                    log.Add($"accept {code}: {(int)(await clerk.PostAsync($"/api/cases/{code}/accept", null)).StatusCode}");
                    break;
                case 3:
                    log.Add($"withdraw {code}: {(int)(await clerk.PostAsJsonAsync($"/api/cases/{code}/withdraw", new { reason = "当事人自行和解" })).StatusCode}");
                    break;
                case 4:
                    log.Add($"close {code}: {(int)(await clerk.PostAsync($"/api/cases/{code}/close", null)).StatusCode}");
                    break;
                case 5:
                    {
                        var status = (CaseStatus)random.Next(Enum.GetValues<CaseStatus>().Length);
                        await LessonFixtures.SetStatusAsync(app, code!, status);
                        log.Add($"arrange {code} {status}");
                        break;
                    }

                case 6:
                    codes.Add(random.Next(3) switch
                    {
                        0 => await LessonFixtures.FailedAsync(app),
                        1 => await LessonFixtures.DissatisfiedAsync(app),
                        _ => await LessonFixtures.EscalatedAsync(app),
                    });
                    log.Add("fixture " + codes[^1]);
                    break;
                case 7:
                    {
                        var at = DateTime.UtcNow.AddDays(random.Next(1, 45));
                        var swept = await app.Services.GetRequiredService<DeadlineSweeper>().SweepOnceAsync(at);
                        log.Add($"sweep at {at:O}: {swept}");
                        break;
                    }

                default:
                    log.Add($"reopen {code}: {(int)(await clerk.PostAsJsonAsync($"/api/cases/{code}/reopen", new { reason = "当事人反映协议未履行" })).StatusCode}");
                    break;
            }
        }

        IReadOnlyList<string> differences;
        Dictionary<RollupKey, long[]> stored;
        await using (var db = app.SystemDb())
        {
            differences = await RollupStore.VerifyAsync(db, CancellationToken.None);
            stored = await RollupStore.StoredAsync(db, CancellationToken.None);
        }

        if (differences.Count > 0)
        {
            output.WriteLine(string.Join("\n", log));
        }

        differences.ShouldBeEmpty(string.Join("\n", differences.Take(20)));
        // Not vacuous: the sequence changed what the figures count.
        var county = stored.Where(r => r.Key.RegionCode == "340881" && r.Key.Dim == Rollups.Total).ToList();
        county.Sum(r => r.Value[(int)Figure.Registered]).ShouldBeGreaterThanOrEqualTo(codes.Count);
        log.Count(l => l.StartsWith("sweep", StringComparison.Ordinal) || l.StartsWith("fixture", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_case_registered_and_withdrawn_counts_in_its_village_town_and_county()
    {
        using var clerk = await app.LoginAsync("clerk");
        var village = CaseRequests.XiyuanVillage;
        var period = Rollups.PeriodOf(DateTime.UtcNow);
        async Task<(long Registered, long Concluded, long Withdrawn)> ReadAsync(string place)
        {
            await using var db = app.SystemDb();
            var row = await db.CaseRollups.AsNoTracking().SingleOrDefaultAsync(r => r.RegionCode == place && r.Period == period && r.Dim == "c:07");
            return (row?.Registered ?? 0, row?.Concluded ?? 0, row?.Withdrawn ?? 0);
        }

        var before = await ReadAsync(village);
        var beforeTown = await ReadAsync("340881002");
        var code = await clerk.RegisterCaseAsync(CaseRequests.Body(village: village, marker: Guid.NewGuid().ToString("N")[..8]));
        (await clerk.PostAsJsonAsync($"/api/cases/{code}/withdraw", new { reason = "当事人自行和解" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ReadAsync(village)).ShouldBe((before.Registered + 1, before.Concluded + 1, before.Withdrawn + 1));
        (await ReadAsync("340881002")).ShouldBe((beforeTown.Registered + 1, beforeTown.Concluded + 1, beforeTown.Withdrawn + 1));
        await using var check = app.SystemDb();
        var c = await check.Cases.SingleAsync(x => x.Code == code);
        c.ConcludedAt.ShouldNotBeNull();
        c.Outcome.ShouldBe(CaseOutcome.Withdrawn);
    }
}
