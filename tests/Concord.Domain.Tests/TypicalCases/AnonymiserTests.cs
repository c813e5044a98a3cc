using Concord.Domain.Privacy;
using Concord.Domain.TypicalCases;

namespace Concord.Domain.Tests.TypicalCases;

public sealed class AnonymiserTests
{
    private const string Id = "34088119900101123X";
    private const string Mobile = "13812345678";

    private static readonly KnownParty s_zhang = new("张小华", PartyNature.Person, Id, Mobile);
    private static readonly KnownParty s_li = new("李建国", PartyNature.Person, "340881198512120017", "13905561234");
    private static readonly KnownParty s_company = new("桐城市安居物业管理有限公司", PartyNature.Organisation);

    private static Anonymiser Make(params KnownParty[] parties) =>
        new(new AnonymisationInput(parties, ["吴文静"], "西苑社区", ["文昌街道西苑小区3栋2单元501室"]));

    private static string Run(string text, params KnownParty[] parties) => Make(parties.Length == 0 ? [s_zhang, s_li, s_company] : parties).Anonymise(text).Text;

    [Fact]
    public void Party_names_become_surname_and_mou()
    {
        Run("张小华与李建国因漏水发生纠纷").ShouldBe("张某与李某因漏水发生纠纷");
    }

    [Fact]
    public void Two_parties_of_one_surname_are_told_apart_as_jia_and_yi()
    {
        var text = Run("王建军与王小红系兄妹，王小红要求王建军归还借款", new KnownParty("王建军", PartyNature.Person), new KnownParty("王小红", PartyNature.Person));
        text.ShouldBe("王某甲与王某乙系兄妹，王某乙要求王某甲归还借款");
    }

    [Theory]
    [InlineData("张 小华到中心反映", "张某到中心反映")]
    [InlineData("张　小　华到中心反映", "张某到中心反映")]
    [InlineData("小华说对方不讲理", "张某说对方不讲理")]
    [InlineData("老张和老李吵了起来", "张某和李某吵了起来")]
    [InlineData("张师傅和李大爷都在场", "张某师傅和李某大爷都在场")]
    [InlineData("张某某称已付款", "张某称已付款")]
    [InlineData("张小华家的院墙倒塌", "张某家的院墙倒塌")]
    [InlineData("建国称不知情", "李某称不知情")]
    public void Variants_of_a_name_are_replaced_too(string input, string expected)
    {
        Run(input).ShouldBe(expected);
    }

    [Fact]
    public void A_name_inside_a_longer_word_is_replaced_rather_than_left()
    {
        // Erring on the side of privacy: 建国 is a party's given name, so it goes even in 建国路.
        Run("李建国住在建国路旁").ShouldNotContain("建国");
    }

    [Fact]
    public void Staff_names_are_replaced_but_mediation_committees_are_kept()
    {
        Run("西苑人民调解委员会指派调解员吴文静主持调解").ShouldBe("西苑人民调解委员会指派调解员吴某主持调解");
    }

    [Fact]
    public void An_organisation_keeps_its_kind_and_its_short_names_are_replaced()
    {
        var text = Run("业主张小华与桐城市安居物业管理有限公司发生纠纷，安居物业称已维修，安居公司拒绝退费");
        text.ShouldBe("业主张某与某物业公司发生纠纷，某物业公司称已维修，某物业公司拒绝退费");
    }

    [Fact]
    public void A_brand_that_is_also_a_place_is_left_where_a_place_word_follows()
    {
        var text = Run("西苑物业服务有限公司在西苑小区收费，西苑物业不维修", new KnownParty("西苑物业服务有限公司", PartyNature.Organisation));
        text.ShouldBe("某物业公司在西苑小区收费，某物业公司不维修");
    }

    [Theory]
    [InlineData("桐城市人民医院", "某医院")]
    [InlineData("文昌街道人民政府", "某人民政府")]
    [InlineData("西苑村（居）民委员会", "某村（居）委会")]
    [InlineData("桐城市宏达建筑劳务有限公司", "某建筑公司")]
    [InlineData("鑫源服装厂", "某服装厂")]
    [InlineData("桐城市顺发超市", "某超市")]
    [InlineData("六尺巷茶社", "某单位")]
    public void Organisation_pseudonyms_say_what_kind_of_body_it_is(string name, string pseudonym)
    {
        Organisations.Pseudonym(name).ShouldBe(pseudonym);
    }

    [Fact]
    public void A_generic_word_like_people_is_not_taken_for_a_hospital_name()
    {
        Run("桐城市人民医院同意赔偿，人民调解员在场", new KnownParty("桐城市人民医院", PartyNature.Organisation))
            .ShouldBe("某医院同意赔偿，人民调解员在场");
    }

    [Theory]
    [InlineData("身份证号34088119900101123X")]
    [InlineData("身份证号34088119900101123x")]
    [InlineData("身份证号 340881 19900101 123X")]
    [InlineData("身份证号３４０８８１１９９００１０１１２３Ｘ")]
    [InlineData("身份证号3408-8119-9001-0112-3X")]
    public void A_partys_ID_number_goes_in_any_spelling(string input)
    {
        var result = Make(s_zhang).Anonymise(input);
        result.Text.Replace(" ", "", StringComparison.Ordinal).ShouldBe("身份证号" + Anonymiser.Hidden);
        result.Replacements.ShouldContain(r => r.Kind == ReplacementKind.IdNumber);
    }

    [Theory]
    [InlineData("电话13812345678")]
    [InlineData("电话138-1234-5678")]
    [InlineData("电话138 1234 5678")]
    [InlineData("电话1381 2345 678")]
    [InlineData("电话１３８１２３４５６７８")]
    [InlineData("电话1 3 8 1 2 3 4 5 6 7 8")]
    public void A_partys_phone_goes_in_any_spelling(string input)
    {
        Make(s_zhang).Anonymise(input).Text.ShouldBe("电话" + Anonymiser.Hidden);
    }

    [Fact]
    public void A_partys_phone_glued_to_their_ID_number_is_still_found()
    {
        Make(s_zhang).Anonymise($"张小华{Mobile}340881 19900101 123X").Text.ShouldBe("张某" + Anonymiser.Hidden + Anonymiser.Hidden);
    }

    [Theory]
    [InlineData("证人身份证号110105194912310021。", "证人身份证号[已隐去]。")]
    [InlineData("旧证号码340881900101123号", "旧证号码[已隐去]号")]
    [InlineData("证人手机15955667788", "证人手机[已隐去]")]
    [InlineData("+86 159 5566 7788", "+86 [已隐去]")]
    [InlineData("座机0556-5612345", "座机[已隐去]")]
    [InlineData("座机（0556）5612345", "座机[已隐去]")]
    [InlineData("电话5612345", "电话[已隐去]")]
    [InlineData("转账至6222 0213 0000 1234 567", "转账至[已隐去]")]
    [InlineData("邮箱zhang.xh@example.com", "邮箱[已隐去]")]
    [InlineData("车牌皖H·12345与皖HD12345相撞", "车牌[已隐去]与[已隐去]相撞")]
    public void Numbers_of_people_not_in_the_case_go_too(string input, string expected)
    {
        Run(input).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026年3月5号签订协议，赔偿12000元，共5户村民", "2026年3月5号签订协议，赔偿12000元，共5户村民")]
    [InlineData("于2026-03-05达成协议", "于2026-03-05达成协议")]
    [InlineData("房屋一室一厅，面积85平方米", "房屋一室一厅，面积85平方米")]
    public void Dates_amounts_and_counts_are_not_taken_for_numbers_of_people(string input, string expected)
    {
        Run(input).ShouldBe(expected);
    }

    [Theory]
    [InlineData("家住文昌街道西苑小区3栋2单元501室", "家住西苑社区")]
    [InlineData("家住西苑小区5栋2单元301室，漏水", "家住西苑小区，漏水")]
    [InlineData("家住六尺巷12号", "家住六尺巷")]
    [InlineData("住西苑村3组", "住西苑村")]
    [InlineData("家住3-2-501室", "家住")]
    [InlineData("住龙眠路88号5号楼", "住龙眠路")]
    public void Addresses_are_coarsened_to_the_village(string input, string expected)
    {
        Run(input).ShouldBe(expected);
    }

    [Fact]
    public void Every_replacement_is_listed_with_what_it_was()
    {
        var result = Make(s_zhang, s_li, s_company).Anonymise("张小华（电话13812345678）与李建国");
        result.Replacements.Select(r => (r.Kind, r.Original, r.Text)).ShouldBe(
        [
            (ReplacementKind.Phone, Mobile, Anonymiser.Hidden),
            (ReplacementKind.PersonName, "张小华", "张某"),
            (ReplacementKind.PersonName, "李建国", "李某"),
        ], ignoreOrder: true);
    }

    [Fact]
    public void The_guard_finds_a_name_or_number_put_back_by_an_edit_and_masks_the_numbers()
    {
        var anonymiser = Make(s_zhang, s_li, s_company);
        anonymiser.Check("张某与李某达成协议").ShouldBeEmpty();
        var findings = anonymiser.Check("张某（138 1234 5678）与李建国、安居物业管理有限公司达成协议，证人身份证110105194912310021");
        findings.ShouldContain(new Finding(ReplacementKind.Phone, Phone.Mask(Mobile)));
        findings.ShouldContain(new Finding(ReplacementKind.PersonName, "李建国"));
        findings.ShouldContain(new Finding(ReplacementKind.OrganisationName, "安居物业管理有限公司"));
        findings.ShouldContain(f => f.Kind == ReplacementKind.IdNumber && f.What == "1101**********0021");
        findings.ShouldAllBe(f => !f.What.Contains(Mobile, StringComparison.Ordinal));
    }

    [Fact]
    public void The_guard_finds_a_given_name_and_a_spaced_full_name()
    {
        var anonymiser = Make(s_zhang);
        anonymiser.Check("调解中小华表示同意").ShouldContain(new Finding(ReplacementKind.PersonName, "小华"));
        anonymiser.Check("张 小 华表示同意").ShouldContain(new Finding(ReplacementKind.PersonName, "张小华"));
    }

    [Fact]
    public void What_the_anonymiser_gives_passes_its_own_guard()
    {
        var anonymiser = Make(s_zhang, s_li, s_company);
        var text = "张小华（身份证 34088119900101123X，电话138-1234-5678）与李建国（13905561234）及桐城市安居物业管理有限公司因小华家漏水发生纠纷，建国拒绝。";
        anonymiser.Check(anonymiser.Anonymise(text).Text).ShouldBeEmpty();
    }
}
