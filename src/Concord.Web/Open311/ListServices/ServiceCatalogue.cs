using Concord.Domain.Cases;

namespace Concord.Web.Open311.ListServices;

/// <summary>What a request of a service becomes inside Concord.</summary>
public enum ServiceKind
{
    /// <summary>An event (事件) of the grid taxonomy, handled through the events loop.</summary>
    Event,

    /// <summary>A dispute (矛盾纠纷), registered as a case.</summary>
    Dispute,
}

public sealed record ServiceAttribute(string Code, string Datatype, bool Required, string Description, int Order,
    string? DatatypeDescription = null, IReadOnlyList<(string Key, string Name)>? Values = null);

/// <summary>An Open311 service: a stable service_code over one Concord category.</summary>
public sealed record Open311Service(string Code, string Name, string Description, string Group, string Keywords,
    ServiceKind Kind, string CategoryCode, IReadOnlyList<ServiceAttribute> Attributes)
{
    /// <summary>Every request is written before the answer, so its id is returned at once.</summary>
    public string Type => "realtime";

    public bool Metadata => Attributes.Count > 0;
}

/// <summary>
/// The services published at /open311/v2/services: the dispute categories (service codes
/// <c>dispute-NN</c>, kept in <see cref="Categories"/>) and the event taxonomy. Codes are
/// stable: outside systems store them.
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
        foreach (var c in Categories.All)
        {
            Add(new Open311Service(c.ServiceCode, c.GbName, $"{c.GbName}：提交后登记为矛盾纠纷案件（一案一码），由综治中心受理、分流、调解。须提供申请人姓名和联系电话。",
                "矛盾纠纷", $"纠纷,调解,{c.Name}", ServiceKind.Dispute, c.Code, s_disputeAttributes));
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
