using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Cases.ViewCase;

/// <summary>One case with its parties (masked) and timeline. Outside the scope it does not exist.</summary>
public static class ViewCase
{
    public sealed record Party(string Role, string RoleLabel, string Kind, string KindLabel, string Name, string? IdNumber, string? Phone);

    public sealed record TimelineEntry(DateTime At, string Kind, string Text, string ActorName, string? ActorOrgName);

    public sealed record RedFlagView(string Kind, string Reason, IReadOnlyList<string> LinkedCaseCodes, DateTime RaisedAt);

    public sealed record DeadlineView(string Stage, string StageLabel, DateTime StartedAt, DateTime DueAt, bool Paused, bool Extended, string Step, bool Overdue, bool Met);

    public sealed record Details(string Code, string Status, string StatusLabel, string RiskLevel, string RiskLabel, bool Urgent,
        string Channel, string ChannelLabel, string CategoryCode, string Category, string Summary, string Narrative,
        long? AmountFen, int? PeopleInvolved, string VillageCode, string VillageName, string? GridCode, string? GridName,
        DateTime RegisteredAt, IReadOnlyList<Party> Parties, IReadOnlyList<TimelineEntry> Timeline,
        string? Address, string? SuggestedCategoryCode, IReadOnlyList<string> RiskReasons, bool OnDutyList,
        IReadOnlyList<RedFlagView> RedFlags, IReadOnlyList<DeadlineView> Deadlines);

    public static string StageLabel(Domain.Deadlines.SlaStage stage) => stage switch
    {
        Domain.Deadlines.SlaStage.Acceptance => "受理期限",
        Domain.Deadlines.SlaStage.SameDay => "当日处置",
        Domain.Deadlines.SlaStage.Mediation => "调解期限",
        Domain.Deadlines.SlaStage.Verification => "核查期限",
        _ => stage.ToString(),
    };

    public sealed class Handler(ConcordDb db, TimeProvider clock)
    {
        public async Task<Details> HandleAsync(string code, CancellationToken ct = default)
        {
            var c = await db.Cases.AsNoTracking().AsSplitQuery()
                .Include(x => x.Parties).Include(x => x.Timeline).Include(x => x.RedFlags).Include(x => x.Deadlines)
                .FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException("该案件");
            var now = clock.GetUtcNow().UtcDateTime;
            var names = await db.Regions.IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.Code == c.VillageCode || r.Code == c.GridCode)
                .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
            return new Details(c.Code, c.Status.ToString(), CaseLabels.Of(c.Status), c.RiskLevel.ToString(), CaseLabels.Of(c.RiskLevel), c.Urgent,
                Channels.Code(c.Channel), Channels.Label(c.Channel), c.CategoryCode, Categories.NameOf(c.CategoryCode),
                c.Summary, c.Narrative, c.AmountFen, c.PeopleInvolved,
                c.VillageCode, names.GetValueOrDefault(c.VillageCode, c.VillageCode),
                c.GridCode, c.GridCode is null ? null : names.GetValueOrDefault(c.GridCode, c.GridCode), c.RegisteredAt,
                [.. c.Parties.OrderBy(p => p.Role).ThenBy(p => p.Id).Select(p => new Party(
                    p.Role == PartyRole.Applicant ? "applicant" : "respondent", CaseLabels.Of(p.Role),
                    p.Kind == PartyKind.Person ? "person" : "organisation", CaseLabels.Of(p.Kind),
                    p.Name, p.IdNumber.Masked, p.Phone.Masked))],
                [.. c.Timeline.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineEntry(e.At, e.Kind, e.Text, e.ActorName, e.ActorOrgName))],
                c.Address.Masked, c.SuggestedCategoryCode,
                c.RiskReasons?.Split('\n') ?? [], c.DutyListedAt is not null,
                [.. c.RedFlags.OrderBy(f => f.Id).Select(f => new RedFlagView(f.Kind.ToString(), f.Reason, f.LinkedCaseCodes?.Split(',') ?? [], f.RaisedAt))],
                [.. c.Deadlines.OrderBy(d => d.Id).Select(d => new DeadlineView(d.Stage.ToString(), StageLabel(d.Stage), d.StartedAt, d.DueAt,
                    d.PausedAt is not null, d.Extended, d.Step.ToString(), d.MetAt is null && d.PausedAt is null && d.DueAt < now, d.MetAt is not null))]);
        }
    }
}
