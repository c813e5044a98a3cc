using System.Globalization;
using System.Text;
using Concord.Domain.Cases;
using Concord.Domain.TypicalCases;
using Concord.Web.Cases;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.TypicalCases;

/// <summary>
/// What a typical case is made from: a case of the actor's scope (others do not exist: 404),
/// its texts (summary, narrative, the agreement or the recorded outcome), and what the
/// anonymiser must know — the parties with their ID numbers and phones decrypted here, in
/// memory only, the staff named in the case, the village, the case's street address.
/// </summary>
public sealed class TypicalCaseSource(ConcordDb db, PersonalData personalData)
{
    public sealed record Texts(string Summary, string Narrative, string Result);

    public sealed record Loaded(Case Case, Texts Texts, AnonymisationInput Input, string PlaceName, string Period);

    // Timeline entries that tell how the dispute ended (demo history and the lifecycle's own kinds).
    private static readonly string[] s_outcomeKinds = ["agreed", "closed", "RecordAgreement", "RecordPerformed", "Close", "follow_up"];

    public ConcordDb Db => db;

    public async Task<Loaded> LoadAsync(long caseId, CancellationToken ct) =>
        await LoadAsync(await db.Cases.AsNoTracking().Include(c => c.Parties).Include(c => c.Timeline).FirstOrDefaultAsync(c => c.Id == caseId, ct), ct);

    public async Task<Loaded> LoadAsync(string? code, CancellationToken ct) =>
        await LoadAsync(await db.Cases.AsNoTracking().Include(c => c.Parties).Include(c => c.Timeline).FirstOrDefaultAsync(c => c.Code == (code ?? "").Trim(), ct), ct);

    private async Task<Loaded> LoadAsync(Case? c, CancellationToken ct)
    {
        if (c is null)
        {
            throw new NotFoundException("该案件");
        }

        var agreement = await db.Agreements.AsNoTracking().FirstOrDefaultAsync(a => a.CaseId == c.Id, ct);
        var mediators = await db.CaseMediators.AsNoTracking().Where(m => m.CaseId == c.Id)
            .Join(db.Mediators.IgnoreQueryFilters(), m => m.MediatorId, m => m.Id, (_, m) => m.Name).ToListAsync(ct);
        var visitors = await db.FollowUpVisits.AsNoTracking().Where(v => v.CaseId == c.Id && v.VisitorName != null).Select(v => v.VisitorName!).ToListAsync(ct);
        var places = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Code == c.VillageCode || r.Code == c.VillageCode.Substring(0, 9) || r.Code == c.VillageCode.Substring(0, 6))
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var village = CountySetup.ShortVillageName(places.GetValueOrDefault(c.VillageCode, "某村"));
        var placeName = places.GetValueOrDefault(c.VillageCode[..6], "") + places.GetValueOrDefault(c.VillageCode[..9], "") + village;

        var parties = c.Parties.OrderBy(p => p.Id).Select(p => new KnownParty(p.Name,
            p.Kind == PartyKind.Organisation ? PartyNature.Organisation : PartyNature.Person,
            personalData.Reveal(p.IdNumber), personalData.Reveal(p.Phone))).ToList();
        var staff = c.Timeline.Select(e => e.ActorName).Concat(mediators).Concat(visitors)
            .Where(IsPersonalName).Where(n => parties.All(p => p.Name != n)).Distinct(StringComparer.Ordinal).ToList();
        var address = personalData.Reveal(c.Address);
        var input = new AnonymisationInput(parties, staff, village, address is null ? [] : [address]);
        var period = c.RegisteredAt.AddHours(8).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return new Loaded(c, TextsOf(c, agreement), input, placeName, period);
    }

    private static Texts TextsOf(Case c, Agreements.Agreement? agreement)
    {
        var narrative = new StringBuilder(c.Narrative.Trim());
        var result = new StringBuilder();
        if (agreement is not null)
        {
            Append(narrative, "经调查查明：", agreement.Facts);
            Append(narrative, "争议焦点：", agreement.DisputedItems);
            Append(result, "责任认定：", agreement.Responsibility);
            var terms = Agreements.Agreement.Lines(agreement.Terms);
            if (terms.Count > 0)
            {
                Append(result, "经调解，双方自愿达成协议：", string.Join("；", terms.Select((t, i) => $"{i + 1}. {t.TrimEnd('。', '；')}")) + "。");
            }

            Append(result, "履行方式：", agreement.PerformanceMethod);
        }

        foreach (var e in c.Timeline.Where(e => s_outcomeKinds.Contains(e.Kind)).OrderBy(e => e.At).ThenBy(e => e.Id))
        {
            Append(result, "", e.Text);
        }

        if (result.Length == 0)
        {
            result.Append("经调解，纠纷已化解，案件已办结。");
        }

        return new Texts(c.Summary.Trim(), narrative.ToString(), result.ToString());
    }

    private static void Append(StringBuilder b, string label, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            b.Append(b.Length > 0 ? "\n" : "").Append(label).Append(text.Trim());
        }
    }

    /// <summary>Timeline actors are people, the system, or a party speaking for themselves; only people's names are replaced.</summary>
    private static bool IsPersonalName(string name) =>
        name.Length is >= 2 and <= 4 && name.All(c => c is >= '\u4e00' and <= '\u9fa5') && name is not ("系统" or "当事人" or "匿名" or "群众");
}
