using Concord.Domain.Cases;

namespace Concord.Domain.Events;

/// <summary>Which family a class of events belongs to: city management (数字化城管) or one of the three grid families.</summary>
public enum EventFamily
{
    /// <summary>城市管理: the 9 classes / 32 subclasses / 90 items of 数字化城管.</summary>
    CityManagement,

    /// <summary>矛盾纠纷: items are the dispute categories; such an event may become a case.</summary>
    Dispute,

    /// <summary>安全隐患.</summary>
    SafetyHazard,

    /// <summary>社情民意.</summary>
    PublicSentiment,
}

/// <summary>A class (大类) of events, e.g. <c>01 市容环境</c>.</summary>
public sealed record EventClass(string Code, string Name, EventFamily Family);

/// <summary>A subclass (小类), e.g. <c>0101 环境卫生</c>.</summary>
public sealed record EventSubclass(string Code, string Name, string ClassCode);

/// <summary>
/// An item (细类), the level an event is reported at, e.g. <c>010101 暴露垃圾</c>. The code is
/// stable (stored on events); <see cref="ServiceCode"/> is its Open311 <c>service_code</c>.
/// <see cref="DepartmentSuffix"/> names the county department that handles it by default (the
/// suffix of its org unit code, e.g. <c>CG</c> = 城市管理局, see <see cref="EventDepartments"/>).
/// Dispute items carry the dispute <see cref="Category"/> they stand for.
/// </summary>
public sealed record EventItem(string Code, string Name, string Description, string SubclassCode, string ClassCode, EventFamily Family, string DepartmentSuffix, string? DisputeCategoryCode)
{
    public bool IsDispute => DisputeCategoryCode is not null;

    /// <summary>Dispute items share the dispute category's service code, so one request type is published once.</summary>
    public string ServiceCode => DisputeCategoryCode is { } c ? Categories.Find(c)!.ServiceCode : "event-" + Code;
}

/// <summary>The departments items are handled by by default (county departments, by org unit code suffix).</summary>
public static class EventDepartments
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CG"] = "城市管理局",
        ["ZJ"] = "住房和城乡建设局",
        ["ZR"] = "自然资源和规划局",
        ["HB"] = "生态环境分局",
        ["GA"] = "公安局",
        ["SJ"] = "市场监督管理局",
        ["NY"] = "农业农村局",
        ["SF"] = "司法局",
        ["RS"] = "人力资源和社会保障局",
        ["WJ"] = "卫生健康委员会",
        ["XF"] = "信访局",
        ["JY"] = "教育局",
    };
}

/// <summary>
/// The event taxonomy (事件分类) as configuration: read from the embedded <c>taxonomy.tsv</c>,
/// checked once on load (unique codes, known parents and departments, dispute items mapping to
/// existing dispute categories).
/// </summary>
public static class EventTaxonomy
{
    public const string ResourceName = "Concord.Domain.Events.taxonomy.tsv";

    private static readonly Lazy<Loaded> s_loaded = new(() => Load(ReadResource()));

    public static IReadOnlyList<EventClass> Classes => s_loaded.Value.Classes;

    public static IReadOnlyList<EventSubclass> Subclasses => s_loaded.Value.Subclasses;

    public static IReadOnlyList<EventItem> Items => s_loaded.Value.Items;

    public static EventItem? FindItem(string? code) => code is not null && s_loaded.Value.ItemsByCode.TryGetValue(code, out var i) ? i : null;

    public static EventItem? FindByServiceCode(string? serviceCode) =>
        serviceCode is not null && s_loaded.Value.ItemsByServiceCode.TryGetValue(serviceCode, out var i) ? i : null;

    public static EventClass? FindClass(string? code) => Classes.FirstOrDefault(c => c.Code == code);

    public static EventSubclass? FindSubclass(string? code) => Subclasses.FirstOrDefault(c => c.Code == code);

    /// <summary>The dispute item standing for a dispute category (e.g. <c>07</c> → <c>100107 物业纠纷</c>).</summary>
    public static EventItem? ForDisputeCategory(string categoryCode) => Items.FirstOrDefault(i => i.DisputeCategoryCode == categoryCode);

    /// <summary>"市容环境 / 环境卫生 / 暴露垃圾".</summary>
    public static string PathOf(string itemCode) => FindItem(itemCode) is { } item
        ? $"{FindClass(item.ClassCode)!.Name} / {FindSubclass(item.SubclassCode)!.Name} / {item.Name}"
        : itemCode;

    public static string NameOf(string itemCode) => FindItem(itemCode)?.Name ?? itemCode;

    private sealed record Loaded(List<EventClass> Classes, List<EventSubclass> Subclasses, List<EventItem> Items)
    {
        public Dictionary<string, EventItem> ItemsByCode { get; } = Items.ToDictionary(i => i.Code, StringComparer.Ordinal);

        public Dictionary<string, EventItem> ItemsByServiceCode { get; } = Items.ToDictionary(i => i.ServiceCode, StringComparer.Ordinal);
    }

    private static string ReadResource()
    {
        using var stream = typeof(EventTaxonomy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Loaded Load(string text)
    {
        var classes = new List<EventClass>();
        var subclasses = new List<EventSubclass>();
        var items = new List<EventItem>();
        foreach (var (raw, number) in text.Split('\n').Select((l, i) => (l.TrimEnd('\r'), i + 1)))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var f = raw.Split('\t').Select(x => x.Trim()).ToArray();
            switch (f[0])
            {
                case "class":
                    classes.Add(new EventClass(f[1], f[2], FamilyOf(f[1])));
                    break;
                case "sub":
                    Require(f[1].Length == 4 && classes.Any(c => c.Code == f[1][..2]), number, "subclass without its class");
                    subclasses.Add(new EventSubclass(f[1], f[2], f[1][..2]));
                    break;
                case "item":
                    Require(f.Length >= 5 && f[1].Length == 6 && subclasses.Any(s => s.Code == f[1][..4]), number, "item without its subclass");
                    Require(EventDepartments.Names.ContainsKey(f[3]), number, $"unknown department {f[3]}");
                    var dispute = f.Length > 5 && f[5].Length > 0 ? f[5] : null;
                    Require(dispute is null || Categories.Find(dispute) is not null, number, $"unknown dispute category {dispute}");
                    var family = FamilyOf(f[1][..2]);
                    Require(family == EventFamily.Dispute == (dispute is not null), number, "dispute items (and only they) map to a dispute category");
                    items.Add(new EventItem(f[1], f[2], f[4], f[1][..4], f[1][..2], family, f[3], dispute));
                    break;
                default:
                    Require(false, number, $"unknown kind '{f[0]}'");
                    break;
            }
        }

        Require(items.Select(i => i.Code).Distinct(StringComparer.Ordinal).Count() == items.Count, 0, "duplicate item codes");
        return new Loaded(classes, subclasses, items);
    }

    private static EventFamily FamilyOf(string classCode) => classCode switch
    {
        "10" => EventFamily.Dispute,
        "11" => EventFamily.SafetyHazard,
        "12" => EventFamily.PublicSentiment,
        _ => EventFamily.CityManagement,
    };

    private static void Require(bool condition, int line, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{ResourceName} line {line}: {message}.");
        }
    }

    public static string FamilyLabel(EventFamily family) => family switch
    {
        EventFamily.CityManagement => "城市管理",
        EventFamily.Dispute => "矛盾纠纷",
        EventFamily.SafetyHazard => "安全隐患",
        EventFamily.PublicSentiment => "社情民意",
        _ => family.ToString(),
    };
}
