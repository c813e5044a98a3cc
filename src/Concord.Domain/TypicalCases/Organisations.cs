using System.Text.RegularExpressions;

namespace Concord.Domain.TypicalCases;

/// <summary>
/// Organisation names for the anonymiser: the pseudonym keeps what kind of body it is
/// (桐城市安居物业管理有限公司 → 某物业公司, 桐城市人民医院 → 某医院) and the variants are the
/// shorter ways a narrative names it (安居物业管理有限公司, 安居物业, 安居).
/// </summary>
public static partial class Organisations
{
    // Longest first: the first suffix a name ends with decides its kind.
    private static readonly (string Suffix, string Pseudonym, bool Branded)[] s_kinds =
    [
        ("村（居）民委员会", "某村（居）委会", false), ("村(居)民委员会", "某村（居）委会", false), ("村民委员会", "某村（居）委会", false),
        ("居民委员会", "某村（居）委会", false), ("村委会", "某村（居）委会", false), ("居委会", "某村（居）委会", false),
        ("街道办事处", "某街道办事处", false), ("人民政府", "某人民政府", false),
        ("人民医院", "某医院", false), ("中医院", "某医院", false), ("医院", "某医院", false), ("卫生院", "某卫生院", false),
        ("卫生室", "某诊所", false), ("诊所", "某诊所", false),
        ("幼儿园", "某幼儿园", true), ("培训学校", "某培训学校", true), ("小学", "某学校", false), ("中学", "某学校", false), ("学校", "某学校", true),
        ("有限责任公司", "公司", true), ("股份有限公司", "公司", true), ("有限公司", "公司", true), ("公司", "公司", true), ("厂", "厂", true),
        ("家电城", "某家电城", true), ("建材市场", "某建材市场", true), ("专卖店", "某专卖店", true), ("超市", "某超市", true),
        ("健身会所", "某健身会所", true), ("会所", "某会所", true), ("美容美发店", "某美容美发店", true), ("酒店", "某酒店", true),
        ("饭店", "某饭店", true), ("商店", "某商店", true), ("合作社", "某合作社", true), ("装修队", "某装修队", true), ("工程队", "某工程队", true),
    ];

    private static readonly string[] s_industries =
    [
        "物业", "房地产", "置业", "建筑", "劳务", "物流", "运输", "建材", "机械", "服装", "羽绒", "塑业", "包装", "保险", "银行", "电力", "供水",
        "燃气", "通信", "网络", "科技", "餐饮", "家政", "装饰", "装修", "汽车", "贸易", "食品", "化工", "纺织", "电子", "制衣", "家具",
    ];

    // Words that say what a business does, not which one it is: trimmed off to find the brand.
    private static readonly string[] s_trailing = ["管理", "服务", "制品", "制造", "工程", "发展", "实业", "集团", "经营", "销售", "开发", "咨询", "技术", "劳务", "有限", "责任"];

    public static string Pseudonym(string name)
    {
        var kind = KindOf(name);
        if (kind is null)
        {
            return "某单位";
        }

        if (kind.Value.Pseudonym is "公司" or "厂")
        {
            var industry = s_industries.Select(i => (i, at: name.IndexOf(i, StringComparison.Ordinal))).Where(x => x.at >= 0).OrderBy(x => x.at).Select(x => x.i).FirstOrDefault();
            return "某" + industry + kind.Value.Pseudonym;
        }

        return kind.Value.Pseudonym;
    }

    /// <summary>某物业公司 + 甲 → 某物业公司甲.</summary>
    public static string Insert(string pseudonym, string ordinal) => pseudonym + ordinal;

    /// <summary>The name without the places it starts with: 桐城市安居物业管理有限公司 → 安居物业管理有限公司.</summary>
    public static string WithoutPlace(string name)
    {
        var stripped = PlacePrefix().Replace(name, "");
        return stripped.Length >= 2 ? stripped : name;
    }

    /// <summary>The name without its kind: 安居物业管理有限公司 → 安居物业管理; 人民医院 → "" (nothing distinctive left).</summary>
    public static string Core(string name) =>
        KindOf(name) is { } kind ? name[..^kind.Suffix.Length] : name;

    /// <summary>
    /// The ways a text names it. A bare brand (安居) is marked: it is often also a place
    /// (西苑物业 → 西苑), so it is replaced only where no place word follows it.
    /// </summary>
    public static IEnumerable<(string Text, bool Brand)> Variants(string name)
    {
        var variants = new List<(string, bool)> { (name, false) };
        var withoutPlace = WithoutPlace(name);
        var kind = KindOf(name);
        var core = Core(withoutPlace);
        if (core.Length >= 2)
        {
            variants.Add((withoutPlace, false));
        }

        if (kind is { Branded: true } && core.Length >= 2)
        {
            variants.Add((core, false));
            var brand = core;
            for (var trimmed = true; trimmed;)
            {
                trimmed = false;
                foreach (var word in s_trailing.Concat(s_industries).Where(w => brand.Length > w.Length + 1 && brand.EndsWith(w, StringComparison.Ordinal)))
                {
                    brand = brand[..^word.Length];
                    trimmed = true;
                }
            }

            if (brand.Length >= 2)
            {
                variants.Add((brand, true));
                variants.Add((brand + (kind.Value.Pseudonym == "公司" ? "公司" : kind.Value.Suffix), false));
                variants.AddRange(s_industries.Where(i => core.Contains(i, StringComparison.Ordinal)).Select(i => (brand + i, false)));
            }
        }

        return variants.DistinctBy(v => v.Item1, StringComparer.Ordinal);
    }

    private static (string Suffix, string Pseudonym, bool Branded)? KindOf(string name)
    {
        foreach (var kind in s_kinds)
        {
            if (name.EndsWith(kind.Suffix, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?:[\u4e00-\u9fa5]{1,6}?(?:省|自治区|市|县|区|镇|乡|街道))+")]
    private static partial Regex PlacePrefix();
}
