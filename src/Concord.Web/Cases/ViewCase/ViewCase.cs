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

    public sealed record Details(string Code, string Status, string StatusLabel, string RiskLevel, string RiskLabel, bool Urgent,
        string Channel, string ChannelLabel, string CategoryCode, string Category, string Summary, string Narrative,
        long? AmountFen, int? PeopleInvolved, string VillageCode, string VillageName, string? GridCode, string? GridName,
        DateTime RegisteredAt, IReadOnlyList<Party> Parties, IReadOnlyList<TimelineEntry> Timeline);

    public sealed class Handler(ConcordDb db)
    {
        public async Task<Details> HandleAsync(string code, CancellationToken ct = default)
        {
            var c = await db.Cases.AsNoTracking().AsSplitQuery()
                .Include(x => x.Parties).Include(x => x.Timeline)
                .FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException("该案件");
            // The case's own places, named past the scope filter: a grid worker's scope lies below the village.
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
                [.. c.Timeline.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TimelineEntry(e.At, e.Kind, e.Text, e.ActorName, e.ActorOrgName))]);
        }
    }
}
