using System.Globalization;
using Concord.Web.Agreements.RecordAgreement;
using Concord.Web.Shared;

namespace Concord.Web.Documents;

/// <summary>
/// The documents staff print and sign for a case's file (卷宗): 人民调解受理登记表, 调解记录,
/// 人民调解协议书 and 回访记录. Built from what the case holds, within the actor's scope (outside
/// it the case does not exist). Personal data stays masked in this first version, whatever
/// the role: an unmasked print needs its own permission check and audit entry.
/// </summary>
public sealed class CaseDocuments(Cases.ViewCase.ViewCase.Handler cases, RecordAgreement.Handler agreements)
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["registration"] = "人民调解受理登记表",
        ["record"] = "调解记录",
        ["agreement"] = "人民调解协议书",
        ["followup"] = "回访记录",
    };

    private const string Blank = "＿＿＿＿＿＿＿＿＿＿＿＿＿＿";

    public async Task<CaseDocument> BuildAsync(string code, string kind, CancellationToken ct = default)
    {
        if (!Kinds.ContainsKey(kind))
        {
            throw new NotFoundException("该文书");
        }

        var c = await cases.HandleAsync(code, ct);
        return kind switch
        {
            "registration" => Registration(c),
            "record" => Record(c),
            "agreement" => AgreementDocument(c, await agreements.GetAsync(code, ct)),
            _ => FollowUp(c),
        };
    }

    private static CaseDocument Registration(Cases.ViewCase.ViewCase.Details c) => new("registration", Kinds["registration"], c.Code,
    [
        new DocTable(null,
        [
            ["案件编号", c.Code, "登记日期", Date(c.RegisteredAt)],
            ["受理渠道", c.ChannelLabel, "纠纷类别", c.Category],
            ["发生地", $"{c.VillageName} {c.GridName}".Trim(), "涉及金额", Fmt.Money(c.AmountFen)],
            ["涉及人数", c.PeopleInvolved?.ToString(CultureInfo.InvariantCulture) ?? "—", "风险等级", c.RiskLabel],
        ]),
        new DocHeading("当事人"),
        new DocTable(["身份", "类型", "姓名（名称）", "身份证号码", "联系电话"],
            [.. c.Parties.Select(p => (IReadOnlyList<string>)[p.RoleLabel, p.KindLabel, p.Name, p.IdNumber ?? "—", p.Phone ?? "—"])]),
        new DocHeading("纠纷摘要"),
        new DocParagraph(c.Summary),
        new DocHeading("纠纷情况"),
        new DocParagraph(c.Narrative),
        new DocHeading("受理意见"),
        new DocParagraph("经审查，该纠纷属于人民调解受理范围，当事人自愿申请调解，予以受理。"),
        new DocSignatures(["登记人", "当事人"]),
    ]);

    private static CaseDocument Record(Cases.ViewCase.ViewCase.Details c) => new("record", Kinds["record"], c.Code,
    [
        new DocTable(null,
        [
            ["案件编号", c.Code, "纠纷类别", c.Category],
            ["当事人", string.Join("、", c.Parties.Select(p => $"{p.Name}（{p.RoleLabel}）")), "纠纷摘要", c.Summary],
        ]),
        new DocHeading("调解经过"),
        new DocTable(["时间", "办理人", "记录"],
            [.. c.Timeline.Select(e => (IReadOnlyList<string>)[Fmt.Time(e.At), e.ActorOrgName is null ? e.ActorName : $"{e.ActorName}（{e.ActorOrgName}）", e.Text])]),
        new DocHeading("调解结果"),
        new DocParagraph(c.StatusLabel),
        new DocSignatures(["调解员", "记录人", .. c.Parties.Select(p => $"{p.RoleLabel} {p.Name}")]),
    ]);

    private static CaseDocument AgreementDocument(Cases.ViewCase.ViewCase.Details c, RecordAgreement.View a)
    {
        if (!a.Drafted)
        {
            throw new DomainException("agreement_not_drafted", "该案件尚未起草调解协议。", 409);
        }

        var byName = c.Parties.ToLookup(p => p.Name, StringComparer.Ordinal);
        var copies = a.Parties.Count + 1;
        return new("agreement", Kinds["agreement"], c.Code,
        [
            new DocHeading("当事人"),
            new DocTable(["身份", "姓名（名称）", "身份证号码", "联系电话"],
                [.. a.Parties.Select(p => (IReadOnlyList<string>)[p.Role, p.Name, byName[p.Name].FirstOrDefault()?.IdNumber ?? "—", byName[p.Name].FirstOrDefault()?.Phone ?? "—"])]),
            new DocHeading("纠纷事实及争议事项"),
            new DocParagraph(Or(a.Facts)),
            new DocParagraph("争议事项：" + Or(a.DisputedItems)),
            new DocHeading("责任承担"),
            new DocParagraph(Or(a.Responsibility)),
            new DocHeading("协议内容"),
            new DocParagraph(a.Terms.Count == 0 ? Blank : string.Join('\n', a.Terms.Select((t, i) => $"{i + 1}. {t}"))),
            new DocHeading("履行方式、地点、期限"),
            new DocParagraph($"履行方式：{Or(a.PerformanceMethod)}\n履行地点：{Or(a.PerformancePlace)}\n履行期限：{(a.PerformanceDeadline is { } d ? $"{d.Year}年{d.Month}月{d.Day}日前" : Blank)}"),
            new DocParagraph(a.Verbal
                ? "本协议为口头协议，由调解员记录。"
                : $"本协议经各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章后生效。本协议一式{Numerals(copies)}份，当事人各执一份，人民调解委员会留存一份。"),
            new DocSignatures([.. a.Parties.Select(p => $"{p.Role} {p.Name}"), "人民调解员"]),
            new DocParagraph("（人民调解委员会印章）"),
        ]);
    }

    private static CaseDocument FollowUp(Cases.ViewCase.ViewCase.Details c) => new("followup", Kinds["followup"], c.Code,
    [
        new DocTable(null,
        [
            ["案件编号", c.Code, "纠纷类别", c.Category],
            ["当事人", string.Join("、", c.Parties.Select(p => $"{p.Name}（{p.RoleLabel}）")), "纠纷摘要", c.Summary],
            ["回访时间", "", "回访方式", "□上门　□电话　□其他"],
            ["回访对象", "", "回访人", ""],
        ]),
        new DocHeading("协议履行情况"),
        new DocParagraph("□已履行　□部分履行　□未履行\n" + Blank + Blank),
        new DocHeading("当事人意见"),
        new DocParagraph("□满意　□基本满意　□不满意\n" + Blank + Blank),
        new DocHeading("处理意见"),
        new DocParagraph(Blank + Blank),
        new DocSignatures(["回访人", "被回访人"]),
    ]);

    private static string Or(string? text) => string.IsNullOrWhiteSpace(text) ? Blank : text;

    private static string Date(DateTime utc) => Fmt.Time(utc)[..10];

    /// <summary>Copies in words, as the agreement prints them (一式三份).</summary>
    public static string Numerals(int n) => n switch
    {
        >= 1 and <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
