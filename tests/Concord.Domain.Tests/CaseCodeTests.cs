using Concord.Domain.Cases;

namespace Concord.Domain.Tests;

public sealed class CaseCodeTests
{
    [Fact]
    public void A_case_code_is_county_year_and_six_digit_sequence()
    {
        CaseCode.Format("340881", 2026, 123).ShouldBe("340881-2026-000123");
    }

    [Fact]
    public void A_formatted_code_parses_back_to_its_parts()
    {
        CaseCode.TryParse(CaseCode.Format("340881", 2026, 4567), out var county, out var year, out var sequence).ShouldBeTrue();
        county.ShouldBe("340881");
        year.ShouldBe(2026);
        sequence.ShouldBe(4567);
    }

    [Theory]
    [InlineData("340881-2026-000000")]
    [InlineData("340881-26-000001")]
    [InlineData("34088-2026-000001")]
    [InlineData("34088A-2026-000001")]
    [InlineData("340881-2026")]
    [InlineData("340881-2026-00000x")]
    [InlineData("物业纠纷")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_case_code(string? code)
    {
        CaseCode.TryParse(code, out _, out _, out _).ShouldBeFalse();
    }
}
