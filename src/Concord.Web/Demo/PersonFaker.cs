using System.Globalization;
using Concord.Domain.Privacy;

namespace Concord.Web.Demo;

/// <summary>A made-up person: plausible name, valid ID number for the given county, mobile for adults.</summary>
public sealed record FakePerson(string Name, bool Male, int BirthYear, string IdNumber, string? Phone);

/// <summary>
/// Plausible Chinese people for demo and benchmark data, deterministic for a given
/// <see cref="Random"/>. Surnames are weighted roughly by frequency; ID numbers carry the
/// county's code, the birth date, a sequence whose last digit follows the sex, and the
/// GB 11643 check character.
/// </summary>
public sealed class PersonFaker(Random random)
{
    // Most common surnames first; the weights below favour the head of the list.
    private static readonly string[] s_surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙",
        "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "左",
    ];

    private static readonly string[] s_maleChars =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇",
        "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建", "国", "志", "文", "海", "东", "德", "福", "成", "春",
        "永", "兵", "新", "广", "忠", "庆", "长", "振", "家", "子", "宏", "开", "世", "大", "山", "胜", "荣", "发", "根", "生",
    ];

    private static readonly string[] s_femaleChars =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "兰", "萍", "红", "燕", "梅", "琳", "婷", "雪",
        "慧", "莉", "丹", "倩", "颖", "佳", "欣", "怡", "琴", "云", "凤", "洁", "晶", "淑", "珍", "翠", "美", "春", "小", "月",
        "雅", "思", "雨", "梦", "蕾", "晓", "瑶", "娇", "芬", "荷", "菊", "香", "彩", "爱", "玉", "珠", "素", "惠", "巧", "金",
    ];

    private static readonly string[] s_mobilePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157", "158", "159",
        "166", "173", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
    ];

    public Random Random => random;

    public string Surname()
    {
        // Squaring a uniform number skews toward the common surnames at the front.
        var u = random.NextDouble();
        return s_surnames[(int)(u * u * s_surnames.Length)];
    }

    public string GivenName(bool male)
    {
        var chars = male ? s_maleChars : s_femaleChars;
        var first = chars[random.Next(chars.Length)];
        return random.Next(100) < 25 ? first : first + chars[random.Next(chars.Length)];
    }

    public string Name(bool male) => Surname() + GivenName(male);

    public string Name() => Name(random.Next(2) == 0);

    public FakePerson Person(string countyCode, int nowYear, int? birthYear = null, string? surname = null)
    {
        var male = random.Next(2) == 0;
        var year = birthYear ?? nowYear - random.Next(18, 80);
        var name = (surname ?? Surname()) + GivenName(male);
        var adult = nowYear - year >= 18;
        return new FakePerson(name, male, year, IdNumberFor(countyCode, year, male), adult ? Mobile() : null);
    }

    public string IdNumberFor(string countyCode, int birthYear, bool male)
    {
        var month = random.Next(1, 13);
        var day = random.Next(1, DateTime.DaysInMonth(birthYear, month) + 1);
        var sequence = random.Next(0, 500) * 2 + (male ? 1 : 0);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{countyCode}{birthYear:0000}{month:00}{day:00}{sequence:000}");
        return first17 + IdNumber.CheckCharFor(first17);
    }

    public string Mobile() =>
        s_mobilePrefixes[random.Next(s_mobilePrefixes.Length)] + random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
}
