using Concord.Domain.Cases;
using Concord.Domain.Regions;
using Concord.Domain.Triage;

namespace Concord.Domain.Tests.Lifecycle;

public sealed class RoutingRulesTests
{
    private static RoutingProposal Propose(string category, RiskLevel level) =>
        RoutingRules.Propose(category, level, RegionLevel.Village, RoutingRules.Default);

    [Fact]
    public void An_ordinary_neighbour_dispute_stays_in_the_village() =>
        Propose("02", RiskLevel.General).Handler.ShouldBe(HandlerKind.VillageCommittee);

    [Fact]
    public void A_larger_neighbour_dispute_goes_to_the_town() =>
        Propose("02", RiskLevel.Major).Handler.ShouldBe(HandlerKind.TownCommittee);

    [Fact]
    public void Labour_disputes_go_to_the_labour_committee_whatever_their_size()
    {
        var p = Propose("06", RiskLevel.General);
        p.Handler.ShouldBe(HandlerKind.IndustryCommittee);
        p.Specialty.ShouldBe("劳动争议");
        p.Why.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_small_property_dispute_stays_local_but_a_larger_one_goes_to_the_property_committee()
    {
        Propose("07", RiskLevel.General).Handler.ShouldBe(HandlerKind.VillageCommittee);
        Propose("07", RiskLevel.Major).Specialty.ShouldBe("物业");
    }

    [Fact]
    public void Grave_disputes_go_to_the_county_centre_even_when_a_committee_exists() =>
        Propose("06", RiskLevel.Grave).Handler.ShouldBe(HandlerKind.CountyCentre);

    [Fact]
    public void Every_category_and_level_gets_a_proposal()
    {
        foreach (var c in Categories.All)
        {
            foreach (var level in Enum.GetValues<RiskLevel>())
            {
                Propose(c.Code, level).Why.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }
}
