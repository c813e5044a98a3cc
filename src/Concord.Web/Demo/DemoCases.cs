using System.Diagnostics;
using Concord.Web.Persistence;
using Concord.Web.Shared;

namespace Concord.Web.Demo;

/// <summary>
/// A year of historical disputes in the demo county (<see cref="DemoOptions.HistoricalCases"/>),
/// spread over its villages and grids, all categories, channels, statuses and risk levels,
/// with parties, timelines and search documents. One write transaction, one audit entry.
/// </summary>
public static class DemoCases
{
    public sealed record Result(long Cases, long Parties, long Events, TimeSpan Elapsed);

    public static async Task<Result> GenerateAsync(ConcordDb db, PersonalData personalData, string countyCode, int count, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var random = new Random(seed ^ 0xCA5E5);
        var places = await CaseFaker.PlacesAsync(db, countyCode, ct);
        var faker = new CaseFaker(random, p => (personalData.ProtectIdNumber(p.IdNumber), personalData.ProtectPhone(p.Phone)));
        var times = Enumerable.Range(0, count)
            .Select(_ => now.AddSeconds(-random.NextDouble() * TimeSpan.FromDays(365).TotalSeconds))
            .Order().ToList();
        var drafts = times.Select(at => faker.Next(places[random.Next(places.Count)], at, now)).ToList();

        await using var tx = await db.BeginWriteAsync(ct);
        var writer = await CaseBulkWriter.StartAsync(db, new BulkLoader(db), ct);
        await writer.WriteAsync(drafts, ct);
        await writer.FinishAsync(ct);
        db.Audit("demo.cases_generated", "Region", countyCode, new { cases = writer.Cases, parties = writer.Parties, events = writer.Events, days = 365 });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(writer.Cases, writer.Parties, writer.Events, watch.Elapsed);
    }
}
