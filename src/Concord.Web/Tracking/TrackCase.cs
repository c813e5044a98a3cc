using Concord.Domain.Cases;
using Concord.Domain.Privacy;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Concord.Web.Tracking;

/// <summary>
/// 群众查询进度: a party enters the case code and the last four digits of their phone and sees a
/// redacted timeline (no names, no organisations' staff, dates only) and one plain-language line
/// saying what happens next and why it is waiting. Wrong answers count against the case: after
/// <see cref="FailuresPerCase"/> in an hour the case answers nothing more, so phone digits
/// cannot be found by trying (the per-client limit is the rate limiter on the route).
/// </summary>
public static class TrackCase
{
    public const int FailuresPerCase = 5;

    public sealed record Step(DateOnly Date, string Text);

    public sealed record View(string Code, string Status, string NextStep, IReadOnlyList<Step> Steps);

    public sealed class Handler(IDbContextFactory<ConcordDb> contexts, IMemoryCache failures, TimeProvider clock)
    {
        public async Task<View> HandleAsync(string? code, string? phoneLastFour, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            code = code?.Trim();
            phoneLastFour = phoneLastFour?.Trim();
            if (!CaseCode.TryParse(code, out _, out _, out _))
            {
                errors.Add("code", "请输入完整的案件编号，如 340881-2026-000123。");
            }

            if (phoneLastFour is not { Length: 4 } || !phoneLastFour.All(char.IsAsciiDigit))
            {
                errors.Add("phone", "请输入登记电话的后四位数字。");
            }

            errors.ThrowIfAny();
            var key = ("track-failures", code!);
            if (failures.TryGetValue(key, out int count) && count >= FailuresPerCase)
            {
                throw new DomainException("too_many_attempts", "该案件查询错误次数过多，请一小时后再试，或到窗口查询。", 429);
            }

            // The public has no scope: the system looks the case up, and only a matching phone opens it.
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.ActAs(Actor.System());
            var c = await db.Cases.AsNoTracking().Include(x => x.Parties).Include(x => x.Timeline)
                .FirstOrDefaultAsync(x => x.Code == code, ct);
            var matches = c is not null && c.Parties.Any(p => p.Phone.Masked is { } masked && Phone.LastFour(masked) == phoneLastFour);
            if (!matches)
            {
                failures.Set(key, count + 1, clock.GetUtcNow().AddHours(1));
                throw new DomainException("not_found", "没有找到与该编号和电话相符的案件，请核对后再试。", 404);
            }

            return new View(c!.Code, CaseLabels.Of(c.Status), NextStep(c.Status),
                [.. c.Timeline.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => (e, text: PublicText(e.Kind)))
                    .Where(x => x.text is not null)
                    .Select(x => new Step(DateOnly.FromDateTime(x.e.At.AddHours(8)), x.text!))]);
        }
    }

    /// <summary>What the party reads for each kind of timeline entry; internal entries are not shown.</summary>
    public static string? PublicText(string kind) => kind switch
    {
        "registered" => "纠纷已登记",
        "Accept" => "调处中心已受理",
        "Route" => "已转交调解组织办理",
        "Return" => "调解组织请中心重新安排",
        "AcceptAssignment" => "调解组织已接收，开始调解",
        "RecordAgreement" => "双方已达成调解协议",
        "RecordNoAgreement" => "调解未能达成协议",
        "Withdraw" => "纠纷已撤回",
        "ApplyJudicialConfirmation" => "已申请司法确认",
        "RecordConfirmed" => "法院已确认调解协议有效",
        "RecordPerformed" => "回访确认协议已履行",
        "RecordNotPerformed" => "回访发现协议未履行，重新调解",
        "Close" => "案件已办结",
        "Reopen" => "案件重新办理",
        "overdue" or "escalated" => "已提醒上级督促办理",
        _ => null,
    };

    /// <summary>One plain sentence: what happens next, and why it is waiting.</summary>
    public static string NextStep(CaseStatus status) => status switch
    {
        CaseStatus.Registered => "下一步：调处中心审核受理，一般在 1 个工作日内完成。",
        CaseStatus.Accepted => "下一步：中心正在为您的纠纷确定承办的调解组织。",
        CaseStatus.Routed => "下一步：等待承办的调解组织接收（一般在 1 个工作日内），接收后调解员会联系您。",
        CaseStatus.Returned => "下一步：中心正在重新安排承办单位，请耐心等待。",
        CaseStatus.Mediating => "下一步：调解员正在组织调解，一般在 30 日内完成；如需鉴定等，期间会暂停计时。",
        CaseStatus.Agreed => "下一步：协议已生效。双方可在 30 日内共同向法院申请司法确认，之后按约定履行。",
        CaseStatus.JudicialConfirmation => "下一步：等待法院审查司法确认申请（法院一般在 3 日内决定是否受理）。",
        CaseStatus.FollowUp => "下一步：到履行期限时，调解员会回访了解协议履行情况。",
        CaseStatus.AwaitingRating => "下一步：请对调解结果作出评价，之后案件办结。",
        CaseStatus.NoAgreement => "调解未达成协议，您可以依法通过诉讼、仲裁或行政途径解决，窗口可为您提供指引。",
        CaseStatus.Withdrawn => "纠纷已撤回，如有新情况可再次申请调解。",
        CaseStatus.Closed => "案件已办结。如对结果不满意，可通过评价渠道反映，案件将重新办理。",
        _ => "请到窗口了解办理情况。",
    };
}
