using System.Diagnostics;
using Concord.Domain.Cases;
using Concord.Domain.Search;
using Concord.Domain.Triage;
using Xunit.Abstractions;

namespace Concord.Domain.Tests.Triage;

public sealed class CategoryClassifierTests(ITestOutputHelper output)
{
    /// <summary>
    /// Measured 79.4% (127/160) when the model was built; the held-out narratives share no fact,
    /// no stock position of the other side and no general demand with the training ones. One
    /// held-out narrative is 0.6 points, so the floor leaves room for about 7 narratives of drift
    /// when narratives are added, and still means the suggestion is right three times in four
    /// among 16 categories (chance: 1 in 16).
    /// </summary>
    private const double AccuracyFloor = 0.75;

    /// <summary>
    /// Written by hand in free style, outside the generator's sentence frames and word pools:
    /// a check that the model is not just recognising the generator.
    /// </summary>
    public static TheoryData<string, string> FreeText => new()
    {
        { "01", "刘某称老公常年在外打工不回家，也不寄钱，她一个人带两个孩子，想离婚。" },
        { "01", "陈老太八十岁了，两个儿子都说自己困难，谁也不肯接她去住。" },
        { "02", "3号楼王某家空调滴水正好滴在楼下李某的晾衣架上，两人为这事吵了好几次。" },
        { "02", "村里赵某家的狗老是跑到隔壁院子里叫，隔壁老孙晚上睡不着，两家现在见面都不说话。" },
        { "03", "张某准备盖新房，打地基时邻居说他家的墙脚占了自家屋基半尺，不让施工。" },
        { "03", "杨某十年前买了同村吴某的老屋，现在吴某儿子说当年的买卖不算数，要把屋子收回去。" },
        { "04", "两个组为了山上那片杉木林打了十几年官司，今年有人上山砍树，又差点打起来。" },
        { "04", "何某说他家承包的三亩水田被隔壁组的人种了油菜，对方说那是他们组的地。" },
        { "05", "高铁要从村里过，周某家的房子要拆，他觉得一平米给的钱太少，不肯签字。" },
        { "05", "被征收户郑某反映安置房迟迟不交，临时租房的钱也断了好几个月。" },
        { "06", "钱某在厂里干了一年，年底老板说没钱，工资一分没结，过年回不了家。" },
        { "06", "许某在工地上从二楼摔下来，老板说他不是正式工，不给算工伤。" },
        { "07", "小区的电梯三天两头坏，物业就是不修，业主们商量不交物业费了。" },
        { "07", "业主黄某的车在小区地下车库被划了，物业说监控坏了，不管。" },
        { "08", "林某在镇卫生院打完吊针就昏过去了，家属说是医生用错了药。" },
        { "08", "郭某母亲在医院做完手术第三天去世，家属要求医院给个说法。" },
        { "09", "马某开三轮车在村口和一辆小车撞了，腿骨折了，小车司机只给了两千块。" },
        { "09", "罗某下班骑电瓶车回家，被后面的面包车追尾撞倒，交警说面包车全责。" },
        { "10", "梁某在超市买了一箱牛奶，回家发现过期了，超市只肯换不肯赔。" },
        { "10", "宋某在手机店买了新手机，用了一周屏幕就花了，店里说是人为损坏。" },
        { "11", "谢某给一家饭店送了半年的菜，饭店换了老板，新老板不认前面欠的菜钱。" },
        { "11", "韩某和唐某合伙开了个养鸡场，亏了钱，两人为怎么分摊亏损闹翻了。" },
        { "12", "冯某前年借了五万块给表哥，说好一年还，现在表哥电话不接，人也找不到。" },
        { "12", "董某手里有程某写的欠条，三万块，程某说早就还了，只是欠条没拿回来。" },
        { "13", "萧某家的狗把放学路过的小孩咬了，小孩家长要他出打针的钱和营养费。" },
        { "13", "曹某和袁某喝酒时吵起来，袁某拿酒瓶把曹某头打破了，缝了六针。" },
        { "14", "村边新开了一个养鸭场，鸭粪全排到河里，河水臭得没法用来浇菜。" },
        { "14", "楼下新开的烧烤店每天油烟往上飘，三楼的邓某家窗户都不敢开。" },
        { "15", "村民们说村里卖了集体的林子，钱去哪了谁也不知道，要求村委会公开。" },
        { "15", "许某反映今年低保评的都是村干部的亲戚，真正困难的人反而没评上。" },
        { "99", "傅某在抖音上被人骂了好几个月，还被人把照片做成表情包到处发。" },
        { "99", "沈某在路边捡到一部手机，失主找来后说手机里的钱少了，两人吵到派出所。" },
    };

    [Fact]
    public void The_dataset_has_at_least_forty_narratives_in_every_one_of_the_sixteen_categories()
    {
        var data = CategoryClassifier.Dataset;
        data.Count.ShouldBeGreaterThanOrEqualTo(640);
        foreach (var category in Categories.All)
        {
            data.Count(n => n.CategoryCode == category.Code).ShouldBeGreaterThanOrEqualTo(40, category.Name);
        }

        data.ShouldAllBe(n => Categories.Find(n.CategoryCode) != null);
        data.ShouldAllBe(n => n.Text.Length >= 30 && n.Text.Length <= 150);
        data.Select(n => n.Text).Distinct().Count().ShouldBe(data.Count);
    }

    [Fact]
    public void Every_fifth_data_row_is_held_out_and_every_category_is_in_the_held_out_part()
    {
        var data = CategoryClassifier.Dataset;
        data.Select((n, i) => n.HeldOut == (i % 5 == 4)).ShouldAllBe(ok => ok);
        var test = data.Where(n => n.HeldOut).ToList();
        test.Count.ShouldBe(data.Count / 5);
        Categories.All.ShouldAllBe(c => test.Any(n => n.CategoryCode == c.Code));
    }

    [Fact]
    public void Held_out_accuracy_is_above_the_floor_and_the_report_says_so()
    {
        var e = CategoryClassifier.Evaluate();
        output.WriteLine(CategoryClassifier.AccuracyReport());
        e.TestSize.ShouldBe(CategoryClassifier.Dataset.Count(n => n.HeldOut));
        e.Accuracy.ShouldBeGreaterThanOrEqualTo(AccuracyFloor);
        e.PerCategory.Count.ShouldBe(16);
        e.PerCategory.Sum(s => s.Support).ShouldBe(e.TestSize);
    }

    [Fact]
    public void Confidence_is_roughly_calibrated_on_the_held_out_part()
    {
        var e = CategoryClassifier.Evaluate();
        Math.Abs(e.MeanConfidence - e.Accuracy).ShouldBeLessThan(0.15);
    }

    [Fact]
    public void Most_free_text_narratives_written_outside_the_generator_are_classified_right()
    {
        var right = 0;
        foreach (var row in FreeText)
        {
            var code = (string)row[0];
            var text = (string)row[1];
            var s = CategoryClassifier.Default.Suggest(text).ShouldNotBeNull();
            if (s.CategoryCode == code)
            {
                right++;
            }
            else
            {
                output.WriteLine($"{code} → {s.CategoryCode}: {text} [{s.Explain}]");
            }
        }

        output.WriteLine($"free text: {right}/{FreeText.Count}");
        ((double)right / FreeText.Count).ShouldBeGreaterThanOrEqualTo(FreeTextFloor);
    }

    /// <summary>Measured 26/32 (81%) on the free-text narratives when the model was built (see docs/triage.md).</summary>
    private const double FreeTextFloor = 0.70;

    [Fact]
    public void A_clear_property_management_narrative_is_07_with_property_words_as_evidence()
    {
        var s = CategoryClassifier.Default.Suggest("某小区业主反映物业公司今年擅自上调物业费，电梯坏了一个月也不修，业主要求物业退还多收的费用。").ShouldNotBeNull();
        s.CategoryCode.ShouldBe("07");
        s.Evidence.ShouldContain(w => w.Contains("物业", StringComparison.Ordinal));
        s.Explain.ShouldStartWith("建议类别：物业（置信度 ");
        output.WriteLine(s.Explain);
    }

    [Fact]
    public void A_clear_unpaid_wages_narrative_is_06()
    {
        var s = CategoryClassifier.Default.Suggest("张某等八名农民工在某建筑公司工地干了半年活，老板拖欠工资十二万元，至今不给，要求结清工资。").ShouldNotBeNull();
        s.CategoryCode.ShouldBe("06");
        output.WriteLine(s.Explain);
    }

    [Fact]
    public void A_divorce_that_mentions_the_house_is_still_marriage_and_family()
    {
        var s = CategoryClassifier.Default.Suggest("王某与丈夫李某感情破裂，要求离婚，双方对婚后共同购买的房子和孩子抚养权争执不下。").ShouldNotBeNull();
        s.CategoryCode.ShouldBe("01");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("123 456")]
    public void A_blank_narrative_gets_no_suggestion(string? narrative) =>
        CategoryClassifier.Default.Suggest(narrative).ShouldBeNull();

    [Fact]
    public void Evidence_words_occur_in_the_narrative_and_number_three_to_five_for_every_held_out_narrative()
    {
        foreach (var n in CategoryClassifier.Dataset.Where(n => n.HeldOut))
        {
            var s = CategoryClassifier.Default.Suggest(n.Text).ShouldNotBeNull();
            s.Evidence.Count.ShouldBeInRange(1, 5, n.Text);
            s.Evidence.ShouldAllBe(w => n.Text.Contains(w, StringComparison.Ordinal));
            s.Evidence.ShouldAllBe(w => w.Length >= 1 && CjkTokens.ForDocument(w).Count > 0);
        }

        var share = CategoryClassifier.Dataset.Where(n => n.HeldOut)
            .Count(n => CategoryClassifier.Default.Suggest(n.Text)!.Evidence.Count >= 3) / (double)CategoryClassifier.Dataset.Count(n => n.HeldOut);
        share.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Confidences_are_posteriors_ordered_best_first_and_sum_to_at_most_one()
    {
        foreach (var n in CategoryClassifier.Dataset.Where(n => n.HeldOut))
        {
            var s = CategoryClassifier.Default.Suggest(n.Text).ShouldNotBeNull();
            s.Confidence.ShouldBeInRange(0, 1);
            s.Alternatives.Count.ShouldBe(3);
            s.Alternatives.Select(a => a.Code).ShouldNotContain(s.CategoryCode);
            var chain = new[] { s.Confidence }.Concat(s.Alternatives.Select(a => a.Confidence)).ToList();
            chain.ShouldBe(chain.OrderByDescending(x => x).ToList());
            chain.Sum().ShouldBeLessThanOrEqualTo(1 + 1e-9);
        }
    }

    [Fact]
    public void Results_are_deterministic_for_the_same_text_and_for_a_model_trained_again_on_the_same_rows()
    {
        var text = "李某借给同村的赵某三万元，有借条，到期后赵某一直不还，李某要求赵某还钱。";
        var a = CategoryClassifier.Default.Suggest(text)!;
        var b = CategoryClassifier.Default.Suggest(text)!;
        var again = new CategoryClassifier(CategoryClassifier.Dataset.Where(n => !n.HeldOut)).Suggest(text)!;
        foreach (var other in new[] { b, again })
        {
            other.CategoryCode.ShouldBe(a.CategoryCode);
            other.Confidence.ShouldBe(a.Confidence);
            other.Evidence.ShouldBe(a.Evidence);
            other.Alternatives.ShouldBe(a.Alternatives);
        }

        a.CategoryCode.ShouldBe("12");
    }

    [Fact]
    public void Training_from_the_embedded_set_takes_well_under_200_milliseconds()
    {
        var training = CategoryClassifier.Dataset.Where(n => !n.HeldOut).ToList();
        var best = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            var model = new CategoryClassifier(training);
            _ = model.Suggest("物业费");
            watch.Stop();
            output.WriteLine($"trained in {watch.ElapsedMilliseconds} ms");
            best = Math.Min(best, watch.ElapsedMilliseconds);
        }

        best.ShouldBeLessThan(200);
    }

    [Fact]
    public void The_default_model_is_built_once_even_when_many_threads_ask_at_once()
    {
        var models = new CategoryClassifier[16];
        Parallel.For(0, models.Length, i => models[i] = CategoryClassifier.Default);
        models.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public void An_override_is_recorded_with_what_was_suggested()
    {
        var s = CategoryClassifier.Default.Suggest("某小区业主反映物业公司不修电梯。")!;
        var choice = CategoryChoice.Decide(s, "02");
        choice.Overridden.ShouldBeTrue();
        choice.SuggestedCode.ShouldBe(s.CategoryCode);
        choice.TimelineNote.ShouldStartWith("类别改为：邻里（系统建议：物业，置信度 ");

        var confirmed = CategoryChoice.Decide(s, s.CategoryCode);
        confirmed.Overridden.ShouldBeFalse();
        confirmed.TimelineNote.ShouldStartWith("确认系统建议类别：物业");

        CategoryChoice.Decide(null, "99").Overridden.ShouldBeFalse();
        Should.Throw<ArgumentException>(() => CategoryChoice.Decide(s, "42"));
    }
}
