using System.Text.Json.Nodes;
using Concord.Domain.Deadlines;
using Concord.Web.Tests.Infrastructure;

namespace Concord.Web.Tests.Deadlines;

/// <summary>
/// The dashboard's overdue list shows warned and escalated deadlines alike. Steps are stored by
/// name, so a "step at least Warned" comparison in SQL would drop 'Escalated' (it sorts before
/// 'Warned' as text).
/// </summary>
[Collection(DeadlinesCollection.Name)]
public sealed class DashboardOverdueTests(ConcordFactory app)
{
    [Fact]
    public async Task The_overdue_list_shows_a_warned_and_an_escalated_deadline()
    {
        var warned = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2044));
        var escalated = await app.CaseWithDeadlineAsync("clerk", SlaStage.Mediation, DeadlineRows.Era(2043));
        var sweeper = app.Sweeper();
        await sweeper.SweepOnceAsync(escalated.DueAt.AddDays(3).AddMinutes(1));
        await sweeper.SweepOnceAsync(warned.DueAt.AddMinutes(1));
        (await app.DeadlineAsync(escalated.DeadlineId)).Step.ShouldBe(DeadlineStep.Escalated);
        (await app.DeadlineAsync(warned.DeadlineId)).Step.ShouldBe(DeadlineStep.Warned);

        using var clerk = await app.LoginAsync("clerk");
        using var response = await clerk.GetAsync("/api/dashboard");
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        var overdue = JsonNode.Parse(text)!["overdueList"]!.AsArray()
            .ToDictionary(o => o!["caseCode"]!.GetValue<string>(), o => o!["step"]!.GetValue<string>());
        overdue.GetValueOrDefault(warned.Code).ShouldBe("已超期");
        overdue.GetValueOrDefault(escalated.Code).ShouldBe("已升级督办");
    }
}
