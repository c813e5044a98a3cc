using Concord.Domain.Warnings;

namespace Concord.Domain.Tests.Warnings;

public sealed class WarningRulesTests
{
    private static readonly WarningThresholds s_defaults = WarningThresholds.Default;

    [Fact]
    public void A_month_at_twice_its_baseline_with_enough_cases_is_rising_and_the_evidence_gives_the_numbers()
    {
        var verdict = WarningRules.Rising("07", 9, [2, 3, 2, 2, 2, 2], s_defaults);
        verdict.Raise.ShouldBeTrue();
        verdict.Baseline.ShouldBe(13 / 6.0);
        verdict.Evidence.ShouldBe("本月物业纠纷 9 件，近 6 个月月均 2.2 件，为基线的 4.2 倍（预警标准：本月不少于 3 件且达到基线的 2 倍）。");
    }

    [Theory]
    [InlineData(3, new[] { 2, 2, 2, 2, 2, 2 }, false)] // 1.5 × the baseline
    [InlineData(2, new[] { 0, 0, 0, 0, 0, 0 }, false)] // too few, however new
    [InlineData(2, new[] { 1, 0, 0, 0, 0, 0 }, false)] // 12 × a tiny baseline, but too few
    [InlineData(3, new[] { 1, 1, 2, 2, 2, 1 }, true)] // exactly 2 × the baseline of 1.5
    public void A_month_is_rising_only_with_enough_cases_and_at_least_twice_its_baseline(int thisMonth, int[] previous, bool raised) =>
        WarningRules.Rising("07", thisMonth, previous, s_defaults).Raise.ShouldBe(raised);

    [Fact]
    public void A_category_with_no_history_rises_on_the_minimum_alone()
    {
        var verdict = WarningRules.Rising("13", 3, [0, 0, 0, 0, 0, 0], s_defaults);
        verdict.Raise.ShouldBeTrue();
        verdict.Ratio.ShouldBeNull();
        verdict.Evidence.ShouldContain("近 6 个月无此类纠纷");
    }

    [Fact]
    public void Overdue_clusters_use_the_village_and_the_organisation_thresholds()
    {
        WarningRules.OverdueClusterRaised(3, byOrganisation: false, s_defaults).ShouldBeTrue();
        WarningRules.OverdueClusterRaised(2, byOrganisation: false, s_defaults).ShouldBeFalse();
        WarningRules.OverdueClusterRaised(4, byOrganisation: true, s_defaults).ShouldBeFalse();
        WarningRules.OverdueClusterRaised(5, byOrganisation: true, s_defaults).ShouldBeTrue();
    }

    [Fact]
    public void Months_are_China_months()
    {
        // 2026-11-30 17:00 UTC is already 12-01 01:00 in Beijing.
        var at = new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc);
        WarningRules.MonthKey(at).ShouldBe("2026-12");
        WarningRules.MonthStart(at).ShouldBe(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc));
        WarningRules.MonthStart(at, -1).ShouldBe(new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc));
        WarningRules.MonthStart(at, 1).ShouldBe(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Only_an_open_warning_is_acknowledged_and_closing_needs_confirmation_and_a_note_once()
    {
        WarningRules.WarningCanOnlyBeAcknowledgedWhenOpen(WarningStatus.Open).ShouldBeNull();
        WarningRules.WarningCanOnlyBeAcknowledgedWhenOpen(WarningStatus.Acknowledged)!.Code.ShouldBe("already_acknowledged");
        WarningRules.WarningCanOnlyBeAcknowledgedWhenOpen(WarningStatus.Closed)!.Code.ShouldBe("already_closed");
        WarningRules.WarningIsClosedOnlyOnceWithConfirmationAndNote(WarningStatus.Open, false, "x")!.Code.ShouldBe("confirmation_required");
        WarningRules.WarningIsClosedOnlyOnceWithConfirmationAndNote(WarningStatus.Acknowledged, true, " ")!.Code.ShouldBe("note_required");
        WarningRules.WarningIsClosedOnlyOnceWithConfirmationAndNote(WarningStatus.Closed, true, "x")!.Code.ShouldBe("already_closed");
        WarningRules.WarningIsClosedOnlyOnceWithConfirmationAndNote(WarningStatus.Acknowledged, true, "已化解").ShouldBeNull();
    }
}
