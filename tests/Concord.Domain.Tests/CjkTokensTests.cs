using Concord.Domain.Search;

namespace Concord.Domain.Tests;

public sealed class CjkTokensTests
{
    [Theory]
    [InlineData("物业")]
    [InlineData("工资")]
    public void A_two_character_keyword_is_one_term_present_in_the_document(string keyword)
    {
        var document = CjkTokens.ForDocument("小区物业拖欠保洁员工资三个月，业主多次投诉。");
        CjkTokens.ForQuery(keyword).ShouldBe([keyword]);
        document.ShouldContain(keyword);
    }

    [Fact]
    public void A_four_character_keyword_becomes_its_three_bigrams()
    {
        CjkTokens.ForQuery("拖欠工资").ShouldBe(["拖欠", "欠工", "工资"]);
    }

    [Fact]
    public void A_document_holds_every_unigram_and_bigram_of_a_chinese_run()
    {
        CjkTokens.ForDocument("邻里纠纷").ShouldBe(["邻", "邻里", "里", "里纠", "纠", "纠纷", "纷"], ignoreOrder: true);
    }

    [Fact]
    public void Bigrams_do_not_cross_punctuation_or_latin_text()
    {
        var document = CjkTokens.ForDocument("物业，保洁ABC工资");
        document.ShouldNotContain("业保");
        document.ShouldNotContain("洁a");
        document.ShouldNotContain("洁工");
    }

    [Fact]
    public void Latin_words_and_digits_become_whole_lower_cased_tokens()
    {
        CjkTokens.ForDocument("WeChat 转账 5000 元").ShouldContain("wechat");
        CjkTokens.ForDocument("WeChat 转账 5000 元").ShouldContain("5000");
        CjkTokens.ForQuery("WeChat").ShouldBe(["wechat"]);
    }

    [Fact]
    public void Blank_text_has_no_tokens()
    {
        CjkTokens.ForDocument("  ").ShouldBeEmpty();
        CjkTokens.ForQuery(null).ShouldBeEmpty();
        CjkTokens.ForQuery("，。！").ShouldBeEmpty();
    }

    [Fact]
    public void A_scope_token_is_the_region_code_with_a_prefix_that_no_word_token_has()
    {
        CjkTokens.ScopeToken("340881002").ShouldBe("r340881002");
        CjkTokens.ForDocument("340881002").ShouldNotContain("r340881002");
    }
}
