using System.Globalization;
using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Domain.Regions;
using Concord.Web.Cases;
using Concord.Web.Closing;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>A village where cases happen: its grids, its town's centre (which registers) and its mediation committee.</summary>
public sealed record CasePlace(
    string VillageCode, string VillageName, string TownName, string CountyName, string[] GridCodes,
    long? CentreOrgId, string CentreName, string CommitteeName);

public sealed record PartyDraft(PartyRole Role, PartyKind Kind, string Name, ProtectedValue IdNumber, ProtectedValue Phone);

public sealed record EventDraft(DateTime At, string Kind, string Text, string ActorName, string? ActorOrgName);

/// <summary>A generated case before it has an id and a code (those are given in write order).</summary>
public sealed record CaseDraft(
    CasePlace Place, string RegionCode, string? GridCode, Channel Channel, string CategoryCode, string Summary, string Narrative,
    long? AmountFen, int? PeopleInvolved, CaseStatus Status, RiskLevel RiskLevel, bool Urgent, DateTime RegisteredAt,
    List<PartyDraft> Parties, List<EventDraft> Events, IReadOnlyList<string> Document)
{
    public DateTime UpdatedAt => Events[^1].At;

    /// <summary>Historical cases end where their timeline ends.</summary>
    public DateTime? ConcludedAt => Rollups.IsConcluded(Status) ? Events[^1].At : null;

    public CaseOutcome? Outcome => Rollups.OutcomeAfter(Status, Status, null);

    /// <summary>About nine in ten concluded on time, drawn from the registration time (no draw of the generator moves).</summary>
    public bool ConcludedOnTime => ConcludedAt is not null && OnTimeFor(RegisteredAt);

    /// <summary>Closed cases were rated; the rating is drawn from the registration time, so no draw of the generator moves.</summary>
    public Rating? Rating => RatingFor(Status, RegisteredAt);

    public static bool OnTimeFor(DateTime registeredAt) => registeredAt.Ticks / TimeSpan.TicksPerSecond / 7 % 100 >= 9;

    public static Rating? RatingFor(CaseStatus status, DateTime registeredAt) => status != CaseStatus.Closed ? null
        : (registeredAt.Ticks / TimeSpan.TicksPerSecond % 100) switch { < 85 => Closing.Rating.Satisfied, < 96 => Closing.Rating.BasicallySatisfied, _ => Closing.Rating.Dissatisfied };

    public bool GroupDispute => PeopleInvolved >= 5;

    public CaseFigureFacts Figures() => new(
        Place.VillageCode, CategoryCode, Channel, RiskLevel, RegisteredAt, Status, ConcludedAt, Outcome, ConcludedOnTime,
        Rated: Rating is not null, Satisfied: Rating is Closing.Rating.Satisfied or Closing.Rating.BasicallySatisfied, Urgent, Repeat: false, GroupDispute);
}

/// <summary>Protects a generated person's ID number and phone (or hands out already protected ones).</summary>
public delegate (ProtectedValue IdNumber, ProtectedValue Phone) ProtectPerson(FakePerson person);

/// <summary>
/// Realistic historical disputes from <see cref="CaseTemplates"/>: category, channel, status
/// (mostly closed once old), risk and a timeline consistent with the status, deterministic for
/// a given <see cref="Random"/>.
/// </summary>
public sealed class CaseFaker(Random random, ProtectPerson protect)
{
    private readonly PersonFaker _people = new(random);

    // Weights: the categories and channels a county centre sees most often come first.
    private static readonly (string Code, int Weight)[] s_categories =
    [
        ("01", 14), ("02", 18), ("03", 10), ("04", 6), ("05", 3), ("06", 9), ("07", 7), ("08", 2),
        ("09", 6), ("10", 4), ("11", 4), ("12", 7), ("13", 4), ("14", 2), ("15", 2), ("99", 2),
    ];

    private static readonly (Channel Channel, int Weight)[] s_channels =
    [
        (Channel.Window, 24), (Channel.Grid, 24), (Channel.HouseholdHead, 9), (Channel.Hotline12345, 15), (Channel.Police110, 9),
        (Channel.Court, 6), (Channel.Procuratorate, 1), (Channel.Arbitration, 2), (Channel.Petition, 5), (Channel.Online, 5),
    ];

    /// <summary>Loads the villages of a region (county or province) with their grids and centres.</summary>
    public static async Task<List<CasePlace>> PlacesAsync(ConcordDb db, string regionPrefix, CancellationToken ct)
    {
        var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            // Levels are stored as names, so no range comparison on them.
            .Where(r => r.Code.StartsWith(regionPrefix) && (r.Level == RegionLevel.County || r.Level == RegionLevel.Town || r.Level == RegionLevel.Village || r.Level == RegionLevel.Grid))
            .Select(r => new { r.Code, r.Name, r.Level }).ToListAsync(ct);
        var names = regions.Where(r => r.Level != RegionLevel.Grid).ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var grids = regions.Where(r => r.Level == RegionLevel.Grid).GroupBy(r => r.Code[..12])
            .ToDictionary(g => g.Key, g => g.Select(r => r.Code).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var centres = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.RegionCode.StartsWith(regionPrefix) && o.Kind == OrgUnitKind.Centre)
            .Select(o => new { o.RegionCode, o.Id, o.Name }).ToListAsync(ct);
        var centreByRegion = centres.ToDictionary(c => c.RegionCode, StringComparer.Ordinal);
        return [.. regions.Where(r => r.Level == RegionLevel.Village).OrderBy(r => r.Code, StringComparer.Ordinal).Select(v =>
        {
            var town = v.Code[..9];
            var county = v.Code[..6];
            centreByRegion.TryGetValue(town, out var centre);
            return new CasePlace(v.Code, CountySetup.ShortVillageName(v.Name), names.GetValueOrDefault(town, ""), names.GetValueOrDefault(county, ""),
                grids.GetValueOrDefault(v.Code, []), centre?.Id, centre?.Name ?? names.GetValueOrDefault(town, "") + "综治中心",
                CountySetup.ShortVillageName(v.Name) + "人民调解委员会");
        })];
    }

    public CaseDraft Next(CasePlace place, DateTime registeredAt, DateTime now)
    {
        var category = Pick(s_categories);
        var channel = Pick(s_channels);
        var grid = place.GridCodes.Length > 0 && random.Next(100) < 85 ? place.GridCodes[random.Next(place.GridCodes.Length)] : null;
        var county = place.VillageCode[..6];
        var year = now.Year;

        var applicant = _people.Person(county, year);
        var organisation = random.Next(100) < CaseTemplates.OrganisationChance(category) ? OrganisationName(category, place) : null;
        var respondent = _people.Person(county, year);
        var community = CaseTemplates.Communities[random.Next(CaseTemplates.Communities.Length)];
        var details = CaseTemplates.Details[category];
        var template = CaseTemplates.ByCategory[category][random.Next(2)];
        var amountRange = CaseTemplates.AmountRange(category);
        long? amountYuan = amountRange is { } range && random.Next(100) < 80 ? random.Next(range.Low, range.High) / 100 * 100 : null;
        var count = random.Next(2, 16);
        var risk = random.Next(100) switch { < 3 => RiskLevel.Grave, < 15 => RiskLevel.Major, _ => RiskLevel.General };

        string Fill(string text) => text
            .Replace("{A}", applicant.Name, StringComparison.Ordinal)
            .Replace("{B}", respondent.Name, StringComparison.Ordinal)
            .Replace("{O}", organisation ?? OrganisationName(category, place), StringComparison.Ordinal)
            .Replace("{V}", place.VillageName, StringComparison.Ordinal)
            .Replace("{T}", place.TownName, StringComparison.Ordinal)
            .Replace("{C}", community, StringComparison.Ordinal)
            .Replace("{X}", details[random.Next(details.Length)], StringComparison.Ordinal)
            .Replace("{N}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{M}", (amountYuan ?? random.Next(10, 300) * 100).ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var summary = Fill(template.Summary);
        var narrative = Fill(template.Narrative);
        if (risk == RiskLevel.Grave)
        {
            narrative += Fill(CaseTemplates.RedFlags[random.Next(CaseTemplates.RedFlags.Length)]);
        }

        var parties = new List<PartyDraft> { Person(PartyRole.Applicant, applicant) };
        parties.Add(organisation is null ? Person(PartyRole.Respondent, respondent) : new PartyDraft(PartyRole.Respondent, PartyKind.Organisation, organisation, ProtectedValue.None, ProtectedValue.None));
        if (random.Next(100) < 20)
        {
            parties.Add(Person(random.Next(2) == 0 ? PartyRole.Applicant : PartyRole.Respondent, _people.Person(county, year)));
        }

        var status = StatusFor((now - registeredAt).TotalDays);
        var regionCode = grid ?? place.VillageCode;
        var events = Timeline(place, grid, channel, category, status, registeredAt, now, applicant.Name);
        var document = CaseSearch.DocumentOf(new Case { Code = "", CategoryCode = category, RegionCode = regionCode, VillageCode = place.VillageCode, Summary = summary, Narrative = narrative });
        var people = category is "06" or "14" or "15" || (category == "05" && template.Summary.Contains("{N}", StringComparison.Ordinal)) ? count : parties.Count;
        return new CaseDraft(place, regionCode, grid, channel, category, summary, narrative, amountYuan * 100, people, status, risk,
            risk == RiskLevel.Grave || random.Next(100) < 2, registeredAt, parties, events, document);
    }

    /// <summary>
    /// What the roll-ups would count of a case <see cref="Next"/> could make, drawn with the same
    /// weights but without text or people: for roll-ups at a scale whose case rows are not needed.
    /// </summary>
    internal CaseFigureFacts NextFacts(string villageCode, DateTime registeredAt, DateTime now)
    {
        var category = Pick(s_categories);
        var channel = Pick(s_channels);
        var risk = random.Next(100) switch { < 3 => RiskLevel.Grave, < 15 => RiskLevel.Major, _ => RiskLevel.General };
        var status = StatusFor((now - registeredAt).TotalDays);
        var concluded = Rollups.IsConcluded(status);
        var concludedAt = concluded ? Min(registeredAt.AddHours(random.Next(48, 960)), now) : (DateTime?)null;
        var rating = CaseDraft.RatingFor(status, registeredAt);
        return new CaseFigureFacts(villageCode, category, channel, risk, registeredAt, status, concludedAt, Rollups.OutcomeAfter(status, status, null),
            concluded && CaseDraft.OnTimeFor(registeredAt), rating is not null, rating is Closing.Rating.Satisfied or Closing.Rating.BasicallySatisfied,
            risk == RiskLevel.Grave || random.Next(100) < 2, Repeat: random.Next(100) < 3, Group: random.Next(100) < 6);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private PartyDraft Person(PartyRole role, FakePerson person)
    {
        var (id, phone) = protect(person);
        return new PartyDraft(role, PartyKind.Person, person.Name, id, phone);
    }

    private string OrganisationName(string category, CasePlace place)
    {
        var brand = CaseTemplates.CompanyNames[random.Next(CaseTemplates.CompanyNames.Length)];
        return category switch
        {
            "07" => CaseTemplates.Communities[random.Next(CaseTemplates.Communities.Length)].Replace("小区", "", StringComparison.Ordinal) + "物业服务有限公司",
            "08" => random.Next(2) == 0 ? place.CountyName + "人民医院" : place.TownName + "卫生院",
            "10" => brand + CaseTemplates.Shops[random.Next(CaseTemplates.Shops.Length)],
            "15" => place.VillageName + "村（居）民委员会",
            "05" => place.TownName + "人民政府",
            _ => place.CountyName + brand + CaseTemplates.CompanyKinds[random.Next(CaseTemplates.CompanyKinds.Length)],
        };
    }

    /// <summary>Old cases are mostly closed; recent ones are spread over the open statuses.</summary>
    private CaseStatus StatusFor(double ageDays)
    {
        (CaseStatus, int)[] weights = ageDays switch
        {
            > 60 => [(CaseStatus.Closed, 86), (CaseStatus.NoAgreement, 6), (CaseStatus.Withdrawn, 4), (CaseStatus.FollowUp, 2), (CaseStatus.JudicialConfirmation, 1), (CaseStatus.Agreed, 1)],
            > 20 => [(CaseStatus.Closed, 45), (CaseStatus.FollowUp, 12), (CaseStatus.JudicialConfirmation, 5), (CaseStatus.Agreed, 8), (CaseStatus.Mediating, 15), (CaseStatus.NoAgreement, 7), (CaseStatus.Withdrawn, 4), (CaseStatus.Routed, 3), (CaseStatus.Registered, 1)],
            _ => [(CaseStatus.Registered, 10), (CaseStatus.Routed, 15), (CaseStatus.Mediating, 30), (CaseStatus.Agreed, 10), (CaseStatus.Closed, 25), (CaseStatus.NoAgreement, 4), (CaseStatus.Withdrawn, 6)],
        };
        return Pick(weights);
    }

    private List<EventDraft> Timeline(CasePlace place, string? grid, Channel channel, string category, CaseStatus status, DateTime registeredAt, DateTime now, string applicant)
    {
        var clerk = _people.Name();
        var mediator = _people.Name();
        var gridLabel = grid is null ? "" : $" 第{int.Parse(grid[12..], CultureInfo.InvariantCulture)}网格";
        var steps = new List<(double Hours, string Kind, string Text, string Actor, string? Org)>
        {
            (0, "registered", $"{Channels.Label(channel)}登记：{Categories.NameOf(category)}纠纷，{place.VillageName}{gridLabel}。", clerk, place.CentreName),
        };
        var resolvedOnSite = status == CaseStatus.Closed && channel is Channel.Grid or Channel.HouseholdHead && random.Next(100) < 40;
        if (resolvedOnSite)
        {
            steps.Add((random.Next(2, 48), "closed", "网格员上门劝解，双方当场和解，就地化解，结案。", _people.Name(), place.CentreName));
        }
        else
        {
            var hours = random.Next(1, 24) * 1.0;
            if (status != CaseStatus.Registered && !(status == CaseStatus.Withdrawn && random.Next(2) == 0))
            {
                steps.Add((hours, "routed", $"分流至{place.CommitteeName}办理，限期30日内调解。", clerk, place.CentreName));
            }

            if (status is CaseStatus.Mediating or CaseStatus.Agreed or CaseStatus.JudicialConfirmation or CaseStatus.FollowUp or CaseStatus.Closed or CaseStatus.NoAgreement)
            {
                hours += random.Next(12, 96);
                steps.Add((hours, "mediating", $"{place.CommitteeName}受理，指派调解员{mediator}，组织双方当事人面对面调解（听、辨、劝）。", mediator, place.CommitteeName));
            }

            if (status is CaseStatus.Agreed or CaseStatus.JudicialConfirmation or CaseStatus.FollowUp or CaseStatus.Closed)
            {
                hours += random.Next(48, 480);
                steps.Add((hours, "agreed", "经调解（借、让、和），双方自愿达成调解协议，签订《人民调解协议书》。", mediator, place.CommitteeName));
            }

            switch (status)
            {
                case CaseStatus.JudicialConfirmation:
                    steps.Add((hours + random.Next(24, 240), "judicial_confirmation", $"双方共同向{place.CountyName}人民法院申请司法确认。", mediator, place.CommitteeName));
                    break;
                case CaseStatus.FollowUp:
                    steps.Add((hours + random.Next(240, 720), "follow_up_due", "协议履行期限届满，待回访履行情况。", mediator, place.CommitteeName));
                    break;
                case CaseStatus.Closed:
                    steps.Add((hours + random.Next(240, 960), "closed", "回访：协议已履行，当事人评价满意，卷宗归档，结案。", mediator, place.CommitteeName));
                    break;
                case CaseStatus.NoAgreement:
                    steps.Add((hours + random.Next(48, 480), "no_agreement", "双方分歧较大，调解不成，已告知当事人可依法提起诉讼。", mediator, place.CommitteeName));
                    break;
                case CaseStatus.Withdrawn:
                    steps.Add((hours + random.Next(24, 240), "withdrawn", $"申请人{applicant}经双方协商后撤回调解申请。", clerk, place.CentreName));
                    break;
            }
        }

        // A timeline never runs past now: squeeze a recent case's steps into the time it has had.
        var span = steps[^1].Hours;
        var available = (now - registeredAt).TotalHours * 0.95;
        var factor = span > available && span > 0 ? available / span : 1;
        return [.. steps.Select(s => new EventDraft(registeredAt.AddHours(s.Hours * factor), s.Kind, s.Text, s.Actor, s.Org))];
    }

    private T Pick<T>((T Value, int Weight)[] weighted)
    {
        var total = 0;
        foreach (var w in weighted)
        {
            total += w.Weight;
        }

        var roll = random.Next(total);
        foreach (var (value, weight) in weighted)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return weighted[^1].Value;
    }
}
