using Concord.Domain.Regions;

namespace Concord.Domain.Tests;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("34", RegionLevel.Province)]
    [InlineData("3408", RegionLevel.City)]
    [InlineData("340881", RegionLevel.County)]
    [InlineData("340881002", RegionLevel.Town)]
    [InlineData("340881002003", RegionLevel.Village)]
    [InlineData("340881002003001", RegionLevel.Grid)]
    [InlineData("34088100200300101", RegionLevel.HouseholdUnit)]
    public void A_code_length_tells_its_level(string code, RegionLevel level)
    {
        RegionCode.TryGetLevel(code, out var actual).ShouldBeTrue();
        actual.ShouldBe(level);
        RegionCode.LengthOf(level).ShouldBe(code.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("3408810")]
    [InlineData("34088A")]
    [InlineData("3408810020030010101")]
    public void Codes_of_other_lengths_or_with_letters_have_no_level(string? code)
    {
        RegionCode.TryGetLevel(code, out _).ShouldBeFalse();
        if (code is not null)
        {
            Should.Throw<ArgumentException>(() => RegionCode.LevelOf(code));
        }
    }

    [Fact]
    public void The_lineage_of_a_grid_runs_from_province_to_the_grid()
    {
        RegionCode.Lineage("340881002003001").ShouldBe(["34", "3408", "340881", "340881002", "340881002003", "340881002003001"]);
    }

    [Fact]
    public void A_province_has_no_parent_and_a_village_has_its_town()
    {
        RegionCode.ParentOf("34").ShouldBeNull();
        RegionCode.ParentOf("340881002003").ShouldBe("340881002");
    }

    [Theory]
    [InlineData("340881002003001", "340881002", true)]
    [InlineData("340881002003", "340881002003", true)]
    [InlineData("340881002003", "340881", true)]
    [InlineData("340881003001", "340881002", false)]
    [InlineData("340881002", "340881002003", false)]
    [InlineData("340882001", "340881", false)]
    public void A_code_is_within_a_scope_only_when_the_scope_is_its_ancestor_or_itself(string code, string scope, bool within)
    {
        RegionCode.IsWithin(code, scope).ShouldBe(within);
    }

    [Theory]
    [InlineData("340881")]
    [InlineData("340881999999")]
    [InlineData("34088199999999999")]
    [InlineData("340881002003001")]
    public void Every_descendant_sorts_between_the_scope_and_its_upper_bound(string code)
    {
        string.CompareOrdinal(code, "340881").ShouldBeGreaterThanOrEqualTo(0);
        string.CompareOrdinal(code, RegionCode.UpperBound("340881")).ShouldBeLessThan(0);
    }

    [Theory]
    [InlineData("340882")]
    [InlineData("340882001")]
    [InlineData("340880999")]
    [InlineData("3409")]
    public void Codes_outside_the_subtree_sort_outside_the_scope_range(string code)
    {
        var inside = string.CompareOrdinal(code, "340881") >= 0 && string.CompareOrdinal(code, RegionCode.UpperBound("340881")) < 0;
        inside.ShouldBeFalse();
    }

    [Fact]
    public void Grid_and_household_unit_codes_extend_their_parent_with_fixed_width_numbers()
    {
        RegionCode.Grid("340881002003", 1).ShouldBe("340881002003001");
        RegionCode.HouseholdUnit("340881002003001", 7).ShouldBe("34088100200300107");
        RegionCode.LevelOf(RegionCode.HouseholdUnit(RegionCode.Grid("340881002003", 12), 3)).ShouldBe(RegionLevel.HouseholdUnit);
    }
}
