using Concord.Domain.Cases;
using Concord.Domain.Triage;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Triage;

/// <summary>
/// 分类分级 at intake: the suggested category (and whether the clerk overrode it) and the risk
/// grade with its red flags. The evidence for repeat and group disputes is looked up in the
/// actor's own subtree only — linking cases the clerk could not open would leak them.
/// </summary>
public sealed class IntakeTriage(ConcordDb db, TimeProvider clock)
{
    public sealed record PartyKeys(PartyRole Role, PartyKind Kind, string Name, string? IdDigest, string? PhoneDigest);

    public sealed record Outcome(CategoryChoice Category, RiskAssessment Risk);

    /// <summary>Red flags etc. are configuration; the defaults until a county edits them.</summary>
    public RiskRules Rules { get; init; } = RiskRules.Default;

    public async Task<Outcome> AssessAsync(string categoryCode, string narrative, long? amountFen, int? peopleInvolved,
        IReadOnlyList<PartyKeys> parties, string? addressDigest, CancellationToken ct)
    {
        var choice = CategoryChoice.Decide(CategoryClassifier.Default.Suggest(narrative), categoryCode);
        var now = clock.GetUtcNow().UtcDateTime;
        var repeats = await EarlierCasesAsync(parties, addressDigest, now.AddMonths(-Rules.RepeatWindowMonths), ct);
        var against = await OpenCasesAgainstAsync(parties.Where(p => p.Role == PartyRole.Respondent).ToList(), now.AddDays(-Rules.GroupWindowDays), ct);
        var input = new RiskInput(categoryCode, narrative, amountFen, peopleInvolved,
            parties.Count(p => p.Role == PartyRole.Applicant), repeats, against);
        return new Outcome(choice, RiskGrader.Assess(input, Rules));
    }

    private async Task<IReadOnlyList<string>> EarlierCasesAsync(IReadOnlyList<PartyKeys> parties, string? addressDigest, DateTime since, CancellationToken ct)
    {
        var ids = parties.Where(p => p.IdDigest is not null).Select(p => p.IdDigest!).Distinct().ToList();
        var phones = parties.Where(p => p.PhoneDigest is not null).Select(p => p.PhoneDigest!).Distinct().ToList();
        var caseIds = new HashSet<long>();
        if (ids.Count + phones.Count > 0)
        {
            caseIds.UnionWith(await db.CaseParties.AsNoTracking()
                .Where(p => (p.IdNumber.Digest != null && ids.Contains(p.IdNumber.Digest)) || (p.Phone.Digest != null && phones.Contains(p.Phone.Digest)))
                .Select(p => p.CaseId).Distinct().Take(50).ToListAsync(ct));
        }

        var query = db.Cases.AsNoTracking().Where(c => c.RegisteredAt >= since);
        if (addressDigest is not null)
        {
            query = query.Where(c => caseIds.Contains(c.Id) || c.Address.Digest == addressDigest);
        }
        else if (caseIds.Count == 0)
        {
            return [];
        }
        else
        {
            query = query.Where(c => caseIds.Contains(c.Id));
        }

        return await query.OrderBy(c => c.Id).Select(c => c.Code).Take(10).ToListAsync(ct);
    }

    private async Task<IReadOnlyList<string>> OpenCasesAgainstAsync(IReadOnlyList<PartyKeys> respondents, DateTime since, CancellationToken ct)
    {
        if (respondents.Count == 0)
        {
            return [];
        }

        var ids = respondents.Where(p => p.IdDigest is not null).Select(p => p.IdDigest!).ToList();
        var phones = respondents.Where(p => p.PhoneDigest is not null).Select(p => p.PhoneDigest!).ToList();
        var organisations = respondents.Where(p => p.Kind == PartyKind.Organisation).Select(p => p.Name).ToList();
        var caseIds = await db.CaseParties.AsNoTracking()
            .Where(p => p.Role == PartyRole.Respondent
                && ((p.IdNumber.Digest != null && ids.Contains(p.IdNumber.Digest))
                    || (p.Phone.Digest != null && phones.Contains(p.Phone.Digest))
                    || (p.Kind == PartyKind.Organisation && organisations.Contains(p.Name))))
            .Select(p => p.CaseId).Distinct().Take(200).ToListAsync(ct);
        if (caseIds.Count == 0)
        {
            return [];
        }

        var closed = new[] { CaseStatus.Closed, CaseStatus.Withdrawn };
        return await db.Cases.AsNoTracking()
            .Where(c => caseIds.Contains(c.Id) && c.RegisteredAt >= since && !closed.Contains(c.Status))
            .OrderBy(c => c.Id).Select(c => c.Code).Take(10).ToListAsync(ct);
    }
}
