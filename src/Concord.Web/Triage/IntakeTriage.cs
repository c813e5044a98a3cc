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
public sealed class IntakeTriage(ConcordDb db, RawReads reads, TimeProvider clock)
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
        var (repeatIds, againstIds) = await MatchingPartiesAsync(parties, ct);
        var repeats = await EarlierCasesAsync(repeatIds, addressDigest, now.AddMonths(-Rules.RepeatWindowMonths), ct);
        var against = await OpenCasesAgainstAsync(againstIds, now.AddDays(-Rules.GroupWindowDays), ct);
        var input = new RiskInput(categoryCode, narrative, amountFen, peopleInvolved,
            parties.Count(p => p.Role == PartyRole.Applicant), repeats, against);
        return new Outcome(choice, RiskGrader.Assess(input, Rules));
    }

    private const int MatchLimit = 500;

    private static readonly string s_respondent = PartyRole.Respondent.ToString();
    private static readonly string s_organisation = PartyKind.Organisation.ToString();

    /// <summary>
    /// One query for both kinds of evidence: earlier cases of the same person (ID number or
    /// phone, in any role) and cases against the same respondent (ID number, phone, or an
    /// organisation's name), newest first, in the actor's subtree. Every intake runs it, so it
    /// is plain SQL on a pooled connection (<see cref="RawReads"/>): through EF the context's
    /// start-up and the query's translation cost more than the indexed lookup itself.
    /// </summary>
    private async Task<(IReadOnlyList<long> Repeats, IReadOnlyList<long> Against)> MatchingPartiesAsync(IReadOnlyList<PartyKeys> parties, CancellationToken ct)
    {
        var ids = parties.Where(p => p.IdDigest is not null).Select(p => p.IdDigest!).Distinct().ToArray();
        var phones = parties.Where(p => p.PhoneDigest is not null).Select(p => p.PhoneDigest!).Distinct().ToArray();
        var respondents = parties.Where(p => p.Role == PartyRole.Respondent).ToList();
        var organisations = respondents.Where(p => p.Kind == PartyKind.Organisation).Select(p => p.Name).Distinct().ToArray();
        if (ids.Length + phones.Length + organisations.Length == 0)
        {
            return ([], []);
        }

        var args = new RawReads.Args(db.Actor);
        var any = new List<string>(3);
        if (ids.Length > 0)
        {
            any.Add(reads.AnyOf("id_number_digest", "@i", ids, args));
        }

        if (phones.Length > 0)
        {
            any.Add(reads.AnyOf("phone_digest", "@p", phones, args));
        }

        if (organisations.Length > 0)
        {
            any.Add($"(role = {args.Add("@respondent", s_respondent)} AND kind = {args.Add("@organisation", s_organisation)} AND {reads.AnyOf("name", "@o", organisations, args)})");
        }

        var sql = $"SELECT case_id, role, kind, name, id_number_digest, phone_digest FROM case_parties WHERE {RawReads.ScopeSql("region_code")} AND ({string.Join(" OR ", any)}) ORDER BY id DESC LIMIT {MatchLimit}";
        await using var lease = await reads.RentAsync(ct);
        var cmd = await lease.CommandAsync(sql, args, ct);

        var respondentIds = respondents.Where(p => p.IdDigest is not null).Select(p => p.IdDigest!).ToHashSet();
        var respondentPhones = respondents.Where(p => p.PhoneDigest is not null).Select(p => p.PhoneDigest!).ToHashSet();
        var repeats = new List<long>();
        var against = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var caseId = reader.GetInt64(0);
            var role = reader.GetString(1);
            var idDigest = reader.IsDBNull(4) ? null : reader.GetString(4);
            var phoneDigest = reader.IsDBNull(5) ? null : reader.GetString(5);
            if (((idDigest is not null && ids.Contains(idDigest)) || (phoneDigest is not null && phones.Contains(phoneDigest)))
                && !repeats.Contains(caseId) && repeats.Count < 50)
            {
                repeats.Add(caseId);
            }

            if (role == s_respondent
                && ((idDigest is not null && respondentIds.Contains(idDigest))
                    || (phoneDigest is not null && respondentPhones.Contains(phoneDigest))
                    || (reader.GetString(2) == s_organisation && organisations.Contains(reader.GetString(3))))
                && !against.Contains(caseId) && against.Count < 200)
            {
                against.Add(caseId);
            }
        }

        return (repeats, against);
    }

    private async Task<IReadOnlyList<string>> EarlierCasesAsync(IReadOnlyList<long> caseIds, string? addressDigest, DateTime since, CancellationToken ct)
    {
        if (addressDigest is null && caseIds.Count == 0)
        {
            return [];
        }

        var query = db.Cases.AsNoTracking().Where(c => c.RegisteredAt >= since);
        query = addressDigest is null
            ? query.Where(c => caseIds.Contains(c.Id))
            : query.Where(c => caseIds.Contains(c.Id) || c.Address.Digest == addressDigest);
        return await query.OrderBy(c => c.Id).Select(c => c.Code).Take(10).ToListAsync(ct);
    }

    private async Task<IReadOnlyList<string>> OpenCasesAgainstAsync(IReadOnlyList<long> caseIds, DateTime since, CancellationToken ct)
    {
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
