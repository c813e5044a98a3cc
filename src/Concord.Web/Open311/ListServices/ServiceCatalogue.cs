using Concord.Domain.Cases;
using Concord.Domain.Events;

namespace Concord.Web.Open311.ListServices;

/// <summary>
/// What a request of a service is. Both become an event (随手拍事件) of the taxonomy, handled
/// through the events loop; a dispute event is the one the centre turns into a case with one
/// action (linked, nothing typed twice).
/// </summary>
public enum ServiceKind
{
    Event,

    Dispute,
}

public sealed record ServiceAttribute(string Code, string Datatype, bool Required, string Description, int Order,
    string? DatatypeDescription = null, IReadOnlyList<(string Key, string Name)>? Values = null);

/// <summary>An Open311 service: a stable service_code over one item of the event taxonomy.</summary>
public sealed record Open311Service(string Code, string Name, string Description, string Group, string Keywords,
    ServiceKind Kind, string ItemCode, IReadOnlyList<ServiceAttribute> Attributes)
{
    /// <summary>Every request is written before the answer, so its id is returned at once.</summary>
    public string Type => "realtime";

    public bool Metadata => Attributes.Count > 0;
}

/// <summary>
/// The services published at /open311/v2/services: every item of the event taxonomy
/// (<c>event-010101</c> …, <see cref="EventTaxonomy"/>), where the dispute items are published
/// under their dispute category's code (<c>dispute-07</c>, <see cref="Categories"/>). Codes
/// are stable: outside systems store them.
/// </summary>
public sealed class ServiceCatalogue
{
    public const string PeopleInvolved = "people_involved";
    public const string AmountYuan = "amount_yuan";
    public const string Respondent = "respondent";
    public const string RespondentKind = "respondent_kind";

    private static readonly IReadOnlyList<ServiceAttribute> s_disputeAttributes =
    [
        new(PeopleInvolved, "number", false, "涉及人数（含双方当事人）。", 1, "1 到 100000 的整数"),
        new(AmountYuan, "number", false, "涉及金额（元），没有可不填。", 2, "不小于 0 的数字，单位：元"),
        new(Respondent, "string", false, "对方当事人的姓名或单位名称。", 3, "不超过 100 个字"),
        new(RespondentKind, "singlevaluelist", false, "对方当事人是个人还是单位。", 4, "从列表中选择一项（填 key）", [("person", "个人"), ("organisation", "单位")]),
    ];

    private readonly List<Open311Service> _services = [];
    private readonly Dictionary<string, Open311Service> _byCode = new(StringComparer.Ordinal);

    public ServiceCatalogue()
    {
        foreach (var item in EventTaxonomy.Items)
        {
            var group = EventTaxonomy.FindClass(item.ClassCode)!.Name;
            var subclass = EventTaxonomy.FindSubclass(item.SubclassCode)!.Name;
            if (item.DisputeCategoryCode is { } categoryCode)
            {
                var c = Categories.Find(categoryCode)!;
                Add(new Open311Service(c.ServiceCode, c.GbName,
                    $"{c.GbName}：由综治中心受理，需要调解的转为矛盾纠纷案件（一案一码）办理。须提供申请人姓名和联系电话。",
                    group, $"纠纷,调解,{c.Name}", ServiceKind.Dispute, item.Code, s_disputeAttributes));
            }
            else
            {
                Add(new Open311Service(item.ServiceCode, item.Name, item.Description, group, $"{subclass},{item.Name}", ServiceKind.Event, item.Code, []));
            }
        }
    }

    public IReadOnlyList<Open311Service> All => _services;

    public Open311Service? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var s) ? s : null;

    private void Add(Open311Service service)
    {
        _services.Add(service);
        _byCode.Add(service.Code, service);
    }
}
