using System.Net.Http.Json;
using Concord.Domain.Regions;
using Concord.Domain.Visits;
using Concord.Web.Regions;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Concord.Web.Tests.Infrastructure;
using Concord.Web.Visits;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Visits;

/// <summary>Households, grids and old visits made directly in the database (the demo county has no households in tests).</summary>
public static class VisitFixtures
{
    public const string XiyuanUnit = CaseRequests.XiyuanGrid + "01";

    private static int s_grid = 900;

    /// <summary>Households in a 十联户 that exists already (e.g. 西苑第1网格's first unit).</summary>
    public static async Task<List<long>> HouseholdsAsync(ConcordFactory app, string unitCode, int count)
    {
        await using var db = app.SystemDb();
        var marker = Guid.NewGuid().ToString("N")[..6];
        var households = Enumerable.Range(1, count)
            .Select(i => new Household { RegionCode = unitCode, Address = app.Services.GetRequiredService<PersonalData>().ProtectAddress($"文昌街道西苑社区{marker}栋{i}号") }).ToList();
        db.Households.AddRange(households);
        await db.SaveChangesAsync();
        return [.. households.Select(h => h.Id)];
    }

    /// <summary>A new grid of 西苑居委会 with two 十联户 and the given number of households in each.</summary>
    public static async Task<(string Grid, string[] Units, List<long>[] Households)> GridAsync(ConcordFactory app, params int[] perUnit)
    {
        var grid = RegionCode.Grid(CaseRequests.XiyuanVillage, Interlocked.Increment(ref s_grid));
        await using (var db = app.SystemDb())
        {
            db.Regions.Add(new Region { Code = grid, Name = $"测试网格{grid[^3..]}", Level = RegionLevel.Grid, ParentCode = CaseRequests.XiyuanVillage });
            for (var u = 0; u < perUnit.Length; u++)
            {
                db.Regions.Add(new Region { Code = RegionCode.HouseholdUnit(grid, u + 1), Name = $"第{u + 1}十联户", Level = RegionLevel.HouseholdUnit, ParentCode = grid });
            }

            await db.SaveChangesAsync();
        }

        var units = perUnit.Select((_, u) => RegionCode.HouseholdUnit(grid, u + 1)).ToArray();
        var households = new List<long>[perUnit.Length];
        for (var u = 0; u < perUnit.Length; u++)
        {
            households[u] = await HouseholdsAsync(app, units[u], perUnit[u]);
        }

        return (grid, units, households);
    }

    /// <summary>A visit long ago (older than the API accepts), written as the writer would: the visit row and the household's latest visit.</summary>
    public static async Task OldVisitAsync(ConcordFactory app, long householdId, DateTime visitedAt, bool key = false)
    {
        await using var db = app.SystemDb();
        var household = await db.Households.FindAsync(householdId);
        db.Visits.Add(new Visit
        {
            Reference = Guid.NewGuid().ToString("N"),
            HouseholdId = householdId,
            RegionCode = household!.RegionCode,
            Kind = VisitKind.Daily,
            VisitedAt = visitedAt,
            Findings = "家中一切正常。",
            VisitorName = "测试网格员",
            RecordedAt = visitedAt,
        });
        var state = await db.HouseholdVisitStates.FindAsync(householdId);
        if (state is null)
        {
            db.HouseholdVisitStates.Add(new HouseholdVisitState { HouseholdId = householdId, RegionCode = household.RegionCode, LastVisitedAt = visitedAt, Key = key, KeyReason = key ? "独居老人" : null });
        }
        else if (state.LastVisitedAt is null || state.LastVisitedAt < visitedAt)
        {
            state.LastVisitedAt = visitedAt;
        }

        await db.SaveChangesAsync();
    }

    public static object Body(long householdId, string kind = "daily", string findings = "家中一切正常，无矛盾纠纷。", DateTimeOffset? visitedAt = null) => new
    {
        householdId,
        kind,
        visitedAt,
        latitude = 31.0359,
        longitude = 116.9744,
        accuracy = 12.0,
        findings,
        followUpNeeded = false,
    };

    public static async Task<HttpResponseMessage> LogAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/visits") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }
}
