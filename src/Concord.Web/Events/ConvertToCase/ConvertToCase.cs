using Concord.Domain.Cases;
using Concord.Domain.Events;
using Concord.Domain.Regions;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Events.ConvertToCase;

/// <summary>
/// A dispute event (矛盾纠纷) becomes a case with one action: the existing intake
/// (<see cref="Cases.RegisterCase.RegisterCase.Handler"/>) registers it with everything the event
/// already says — category (the item's dispute category), narrative, village and grid, address,
/// channel (网格上报 for a grid worker's report) — so only what the event never held, the
/// parties, is asked for (an outside reporter who gave a name is the default applicant). The
/// event ends as converted, and event and case point at each other.
/// </summary>
public static class ConvertToCase
{
    public sealed record Request(List<Cases.RegisterCase.RegisterCase.PartyInput>? Parties, string? Summary = null);

    public sealed record Result(string EventCode, string CaseCode);

    public sealed class Handler(ConcordDb db, EventAccess access, Cases.RegisterCase.RegisterCase.Handler register, PersonalData personalData, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(string code, Request request, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var e = await access.FindAsync(code, ct);
            var item = EventTaxonomy.FindItem(e.ItemCode);

            // Decide before anything is written: a wrong state, role or item creates no case.
            var role = actor.Role ?? throw new DomainException("role_may_not", "当前账号不能办理事件。", 403);
            var (_, refusal) = EventLifecycle.Decide(e.Status, EventAction.ConvertToCase, role, new EventFacts { IsDispute = item?.IsDispute == true });
            if (refusal is not null)
            {
                throw new DomainException(refusal.Code, refusal.Message, refusal.Code switch
                {
                    "action_not_allowed_in_state" => 409,
                    "role_may_not" => 403,
                    _ => 422,
                });
            }

            var parties = request.Parties is { Count: > 0 } given ? given : DefaultParties(e);
            var village = e.RegionCode[..RegionCode.LengthOf(RegionLevel.Village)];
            var summary = string.IsNullOrWhiteSpace(request.Summary) ? Summarise(item!, e.Text) : request.Summary.Trim();
            var caseRequest = new Cases.RegisterCase.RegisterCase.Request(
                Channels.Code(CaseChannel(e.Channel)),
                item!.DisputeCategoryCode,
                summary,
                $"{e.Text}\n（由事件 {e.Code} 转入，{EventChannels.Label(e.Channel)}，报告人 {e.ReporterName}。）",
                village,
                e.RegionCode.Length == RegionCode.LengthOf(RegionLevel.Grid) ? e.RegionCode : null,
                null,
                null,
                parties,
                e.Address);

            // The event's code is the idempotency key: a retry after a failure below replays the
            // same case instead of registering a second one, and the link is then completed.
            var registered = await register.HandleAsync(caseRequest, "event:" + e.Code, ct);

            await using var write = await db.BeginWriteAsync(ct);
            var ev = await access.Visible().FirstAsync(x => x.Id == e.Id, ct);
            var (to, late) = EventLifecycle.Decide(ev.Status, EventAction.ConvertToCase, role, new EventFacts { IsDispute = true });
            if (late is not null)
            {
                throw new DomainException(late.Code, late.Message, 409);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var from = ev.Status;
            ev.Status = to!.Value;
            ev.CaseId = registered.Id;
            ev.CaseCode = registered.Code;
            ev.UpdatedAt = now;
            ev.ClosedAt = now;
            ev.DueAt = null;
            await db.EventDeadlines.Where(d => d.EventId == ev.Id && d.MetAt == null).ForEachAsync(d =>
            {
                d.MetAt = now;
                d.NextActionAt = null;
            }, ct);
            db.EventTimeline.Add(new EventEntry
            {
                EventId = ev.Id,
                RegionCode = ev.RegionCode,
                At = now,
                Kind = nameof(EventAction.ConvertToCase),
                Text = $"转为纠纷案件 {registered.Code}（{Categories.NameOf(item.DisputeCategoryCode!)}），由案件继续办理。",
                ActorName = actor.Name,
                ActorOrgName = actor.OrgName,
            });
            var c = await db.Cases.Where(x => x.Id == registered.Id).Select(x => new { x.Id, x.RegionCode }).FirstAsync(ct);
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = c.Id,
                RegionCode = c.RegionCode,
                At = now,
                Kind = "from_event",
                Text = $"由网格事件 {ev.Code}（{EventTaxonomy.NameOf(ev.ItemCode)}）转入。",
                ActorName = actor.Name,
                ActorOrgName = actor.OrgName,
            });
            db.Audit("event.convert_to_case", nameof(GridEvent), ev.Code, new { from = from.ToString(), to = ev.Status.ToString(), caseCode = registered.Code });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return new Result(ev.Code, registered.Code);
        }

        /// <summary>An outside reporter who gave a name is the applicant; staff reporters are not parties.</summary>
        private List<Cases.RegisterCase.RegisterCase.PartyInput> DefaultParties(GridEvent e) =>
            e.ReporterUserId is null && e.ReporterName != EventChannels.Label(e.Channel)
                ? [new("applicant", "person", e.ReporterName, null, personalData.Reveal(e.ReporterPhone))]
                : [];

        private static string Summarise(EventItem item, string text)
        {
            var first = text.Split(['。', '\n'], 2)[0];
            var summary = $"{item.Name}：{first}";
            return summary.Length <= 200 ? summary : summary[..199] + "…";
        }

        public static Channel CaseChannel(EventChannel channel) => channel switch
        {
            EventChannel.Grid => Channel.Grid,
            EventChannel.HouseholdHead => Channel.HouseholdHead,
            EventChannel.Hotline12345 => Channel.Hotline12345,
            EventChannel.Citizen or EventChannel.Open311 => Channel.Online,
            _ => Channel.Window,
        };
    }
}
