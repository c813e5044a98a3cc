using System.Text.Json.Nodes;
using Concord.Domain.Deadlines;
using Concord.Web.Calendar;
using Concord.Web.Deadlines;
using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Deadlines;

/// <summary>A case registered through the API, with a stage deadline started on it at a chosen time.</summary>
public sealed record CaseWithDeadline(string Code, long CaseId, long DeadlineId, DateTime DueAt);

public static class DeadlineRows
{
    public static async Task<CaseWithDeadline> CaseWithDeadlineAsync(this ConcordFactory app, string registrar, SlaStage stage, DateTime startedAt, JsonObject? body = null)
    {
        using var client = await app.LoginAsync(registrar);
        var code = await client.RegisterCaseAsync(body ?? CaseRequests.Body(grid: CaseRequests.XiyuanGrid));
        await using var db = app.SystemDb();
        var c = await db.Cases.SingleAsync(x => x.Code == code);

        // Intake started its own acceptance deadline (on today's clock); these tests watch only theirs.
        foreach (var started in await db.CaseDeadlines.Where(d => d.CaseId == c.Id && d.MetAt == null).ToListAsync())
        {
            started.MetAt = started.StartedAt;
            started.NextActionAt = null;
        }

        var deadline = StartDeadline.For(c, stage, startedAt, app.Services.GetRequiredService<CalendarService>().Current);
        db.CaseDeadlines.Add(deadline);
        await db.SaveChangesAsync();
        return new CaseWithDeadline(code, c.Id, deadline.Id, deadline.DueAt);
    }

    public static DeadlineSweeper Sweeper(this ConcordFactory app) => app.Services.GetRequiredService<DeadlineSweeper>();

    public static async Task<CaseDeadline> DeadlineAsync(this ConcordFactory app, long id)
    {
        await using var db = app.SystemDb();
        return await db.CaseDeadlines.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    public static async Task<int> EventsAsync(this ConcordFactory app, long caseId, string kind)
    {
        await using var db = app.SystemDb();
        return await db.CaseEvents.CountAsync(e => e.CaseId == caseId && e.Kind == kind);
    }

    /// <summary>Notifications about the case, per addressee org unit code.</summary>
    public static async Task<List<(string Org, string Kind)>> NotificationsAsync(this ConcordFactory app, string caseCode)
    {
        await using var db = app.SystemDb();
        return [.. (await db.Notifications.Where(n => n.CaseCode == caseCode)
            .Join(db.OrgUnits, n => n.OrgUnitId, o => o.Id, (n, o) => new { o.Code, n.Kind, n.Id })
            .OrderBy(x => x.Id).ToListAsync()).Select(x => (x.Code, x.Kind))];
    }

    /// <summary>A mediation deadline started at a fixed time far from today, so no other test's sweep reaches its steps by accident.</summary>
    public static DateTime Era(int year) => new(year, 3, 2, 1, 0, 0, DateTimeKind.Utc);
}
