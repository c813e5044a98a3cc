using Concord.Domain.Agreements;

namespace Concord.Domain.Tests.Agreements;

/// <summary>People's Mediation Law art. 29: each part the agreement must state, and what is missing when it does not.</summary>
public sealed class AgreementRulesTests
{
    private static readonly AgreementDraft s_complete = new()
    {
        Parties = [new("张小华", "申请人"), new("桐城市安居物业管理有限公司", "被申请人")],
        Facts = "业主反映物业公司收取物业费后拒不维修，屋顶漏水三个月。",
        DisputedItems = "屋顶维修责任及损失赔偿。",
        Responsibility = "物业公司承担维修责任。",
        Terms = ["物业公司于十日内完成屋顶维修。", "物业公司赔偿张小华损失人民币八百元。"],
        PerformanceMethod = "现场维修；赔偿款以银行转账支付。",
        PerformancePlace = "西苑小区3栋",
        PerformanceDeadline = new DateOnly(2026, 12, 31),
    };

    [Fact]
    public void A_complete_draft_misses_nothing() => AgreementRules.Missing(s_complete).ShouldBeEmpty();

    [Fact]
    public void An_empty_draft_misses_every_part_in_the_order_of_article_29() =>
        AgreementRules.Missing(new AgreementDraft()).ShouldBe(["当事人", "纠纷事实", "争议事项", "责任承担", "协议内容", "履行方式", "履行地点", "履行期限"]);

    public static TheoryData<string, AgreementDraft> OnePartMissing() => new()
    {
        { "当事人", s_complete with { Parties = [] } },
        { "当事人", s_complete with { Parties = [new("张小华", "申请人"), new(" ", "被申请人")] } },
        { "纠纷事实", s_complete with { Facts = null } },
        { "争议事项", s_complete with { DisputedItems = "  " } },
        { "责任承担", s_complete with { Responsibility = "" } },
        { "协议内容", s_complete with { Terms = [] } },
        { "协议内容", s_complete with { Terms = [" ", ""] } },
        { "履行方式", s_complete with { PerformanceMethod = null } },
        { "履行地点", s_complete with { PerformancePlace = " " } },
        { "履行期限", s_complete with { PerformanceDeadline = null } },
    };

    [Theory]
    [MemberData(nameof(OnePartMissing))]
    public void Each_missing_part_is_named(string part, AgreementDraft draft) => AgreementRules.Missing(draft).ShouldBe([part]);

    [Fact]
    public void A_verbal_agreement_needs_the_same_parts() =>
        AgreementRules.Missing(s_complete with { Verbal = true, PerformancePlace = null }).ShouldBe(["履行地点"]);
}
