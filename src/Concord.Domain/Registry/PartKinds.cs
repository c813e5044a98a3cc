namespace Concord.Domain.Registry;

/// <summary>
/// City-part classes (城市部件, after GB/T 30428.2): 2-digit major class + 2-digit minor class.
/// The common minor classes are listed by name; any other minor class of a known major class is
/// accepted too (the standard's list is longer than a form's picker).
/// </summary>
public static class PartKinds
{
    public static readonly IReadOnlyDictionary<string, string> MajorClasses = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["01"] = "公用设施",
        ["02"] = "道路交通",
        ["03"] = "市容环境",
        ["04"] = "园林绿化",
        ["05"] = "房屋土地",
        ["06"] = "其他设施",
    };

    public static readonly IReadOnlyList<(string Code, string Name)> Common =
    [
        ("0101", "上水井盖"), ("0102", "污水井盖"), ("0103", "雨水井盖"), ("0104", "雨水箅子"), ("0105", "电力井盖"),
        ("0110", "消防栓"), ("0115", "路灯"), ("0118", "变压器（箱）"),
        ("0201", "停车场"), ("0202", "公交站亭"), ("0206", "交通信号灯"), ("0208", "交通标志牌"), ("0212", "隔离护栏"),
        ("0301", "公共厕所"), ("0304", "垃圾箱"), ("0306", "广告牌匾"),
        ("0401", "古树名木"), ("0402", "行道树"), ("0404", "绿地"),
        ("0501", "宣传栏"), ("0601", "监控电子眼"), ("0605", "健身设施"),
    ];

    public static bool IsValid(string? code) =>
        code is { Length: 4 } && code.All(char.IsAsciiDigit) && MajorClasses.ContainsKey(code[..2]) && code[2..] != "00";

    public static string? NameOf(string code) => Common.FirstOrDefault(k => k.Code == code).Name;
}
