namespace Concord.Domain.Cases;

/// <summary>
/// A dispute category (纠纷类别). Codes are stable: they are stored on cases, used by the API
/// and published as Open311 service codes. <see cref="GbName"/> is the corresponding GB/T 31000
/// 矛盾纠纷类别 name.
/// </summary>
public sealed record Category(string Code, string Name, string GbName, string ServiceCode);

public static class Categories
{
    public static readonly IReadOnlyList<Category> All =
    [
        new("01", "婚姻家庭", "婚姻家庭纠纷", "dispute-01"),
        new("02", "邻里", "邻里纠纷", "dispute-02"),
        new("03", "房屋宅基地", "房屋宅基地纠纷", "dispute-03"),
        new("04", "山林土地", "山林土地纠纷", "dispute-04"),
        new("05", "征地拆迁", "征地拆迁纠纷", "dispute-05"),
        new("06", "劳动争议", "劳动争议纠纷", "dispute-06"),
        new("07", "物业", "物业纠纷", "dispute-07"),
        new("08", "医疗", "医疗纠纷", "dispute-08"),
        new("09", "道路交通", "道路交通事故纠纷", "dispute-09"),
        new("10", "消费", "消费纠纷", "dispute-10"),
        new("11", "合同商事", "合同纠纷", "dispute-11"),
        new("12", "民间借贷", "民间借贷纠纷", "dispute-12"),
        new("13", "损害赔偿", "损害赔偿纠纷", "dispute-13"),
        new("14", "环境污染", "环境污染纠纷", "dispute-14"),
        new("15", "村务管理", "村务管理纠纷", "dispute-15"),
        new("99", "其他", "其他纠纷", "dispute-99"),
    ];

    private static readonly Dictionary<string, Category> s_byCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static Category? Find(string? code) => code is not null && s_byCode.TryGetValue(code, out var c) ? c : null;

    public static string NameOf(string code) => Find(code)?.Name ?? code;
}
