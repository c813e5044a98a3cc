using Concord.Domain.Cases;
using Concord.Web.Persistence;
using Concord.Web.TypicalCases.ReviewTypicalCase;
using Microsoft.EntityFrameworkCore;
using Draft = Concord.Web.TypicalCases.DraftTypicalCase.DraftTypicalCase;

namespace Concord.Web.Demo;

/// <summary>A few published typical cases from the demo county's closed cases, made the way a reviewer makes them (anonymiser, guard).</summary>
public static class DemoTypicalCases
{
    private static readonly Dictionary<string, string> s_lessons = new(StringComparer.Ordinal)
    {
        ["01"] = "家事纠纷重在疏导情绪、修复关系。调解员坚持“听、辨、劝”在前，先让双方把话说完，再释法说理，引导当事人从子女和家庭长远考虑，实现案结事了人和。",
        ["02"] = "邻里纠纷多因生活琐事积怨而起。调解员借用六尺巷“让他三尺又何妨”的典故，引导双方互谅互让，既解开了法结，也解开了心结。",
        ["03"] = "宅基地纠纷涉及历史沿革，调解前须查清四至和权属资料。本案通过实地勘查、邀请老党员和乡贤参与，使双方对事实形成共识，为达成协议打下基础。",
        ["06"] = "欠薪纠纷关系群众切身利益，容易引发群体性事件。综治中心联合人社部门快速介入，督促用人单位限期支付，依法维护了劳动者权益。",
        ["07"] = "物业纠纷中服务质量与交费义务相互对应。调解员在查明事实后提出“先维修、后交费”的方案，兼顾了业主和物业公司双方的合理诉求。",
        ["09"] = "交通事故赔偿纠纷可依据交警责任认定和赔偿标准逐项核算。调解员逐项释明医疗费、护理费、误工费的计算依据，促成双方当场履行。",
        ["12"] = "民间借贷纠纷应以借条等证据为基础，兼顾借款人的实际履行能力。分期还款方案既保障了出借人权益，又避免了矛盾激化和诉累。",
    };

    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ConcordDb>();
        var draft = services.GetRequiredService<Draft.Handler>();
        var review = services.GetRequiredService<ReviewTypicalCase.Handler>();
        var published = 0;
        foreach (var (category, lesson) in s_lessons)
        {
            // The latest closed case of the category that went through mediation. Only cases whose
            // parties are all people: the generator's wording may name a person who is not a party
            // when the respondent is an organisation, and the anonymiser knows only the parties.
            var code = await db.Cases.AsNoTracking()
                .Where(c => c.Status == CaseStatus.Closed && c.CategoryCode == category && c.Timeline.Any(e => e.Kind == "agreed") && c.Parties.All(p => p.Kind == PartyKind.Person))
                .OrderByDescending(c => c.Id).Select(c => c.Code).FirstOrDefaultAsync(ct);
            if (code is null)
            {
                continue;
            }

            var result = await draft.HandleAsync(new Draft.Request(code), ct);
            var view = await review.GetAsync(result.Id, ct);
            await review.PublishAsync(result.Id, new ReviewTypicalCase.EditRequest(view.Title, view.CategoryCode, view.Summary, view.Narrative, view.Result, lesson), ct);
            published++;
        }

        return published;
    }
}
