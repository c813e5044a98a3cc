using Concord.Domain.Cases;
using Concord.Domain.Regions;
using Concord.Domain.Triage;
using Concord.Web.Cases;
using Concord.Web.Cases.MoveCase;
using Concord.Web.Notifications;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Routing.RouteCase;

/// <summary>
/// 分流: the routing table proposes the handling organisation; the dispatcher routes (and must
/// give a reason when overriding the proposal), optionally with assisting organisations
/// (联动). The receiving organisation accepts, or returns the case to the centre with a reason —
/// never sideways. After two returns only the centre's leader may route again.
/// </summary>
public static class RouteCase
{
    public sealed record OrgOption(long Id, string Code, string Name, string Kind);

    public sealed record Proposal(string Handler, string? Specialty, string Why, OrgOption? OrgUnit, IReadOnlyList<OrgOption> Candidates, int ReturnCount);

    public sealed record RouteRequest(long? OrgUnitId, List<long>? AssistingOrgUnitIds, string? OverrideReason);

    public sealed record ReturnRequest(string? Reason);

    public sealed class Handler(ConcordDb db, CaseLifecycle lifecycle)
    {
        public async Task<Proposal> ProposeAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var p = RoutingRules.Propose(c.CategoryCode, c.RiskLevel, RegionLevel.Village, RoutingRules.Default);
            var candidates = await CandidatesAsync(c, ct);
            return new Proposal(p.Handler.ToString(), p.Specialty, p.Why, Match(p, c, candidates), candidates, c.ReturnCount);
        }

        public async Task RouteAsync(string code, RouteRequest request, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var candidates = await CandidatesAsync(c, ct);
            var errors = new FieldErrors();
            var lead = candidates.FirstOrDefault(o => o.Id == request.OrgUnitId);
            if (lead is null)
            {
                errors.Add("orgUnitId", "请选择承办单位（须为本案所在地的调解组织、专业调委会或职能部门）。");
            }

            var assisting = (request.AssistingOrgUnitIds ?? []).Distinct().Where(id => id != request.OrgUnitId).ToList();
            if (assisting.Any(id => candidates.All(o => o.Id != id)))
            {
                errors.Add("assistingOrgUnitIds", "协办单位须为本案所在地的组织。");
            }

            var proposal = RoutingRules.Propose(c.CategoryCode, c.RiskLevel, RegionLevel.Village, RoutingRules.Default);
            var proposed = Match(proposal, c, candidates);
            var overriding = lead is not null && proposed is not null && lead.Id != proposed.Id;
            if (overriding && string.IsNullOrWhiteSpace(request.OverrideReason))
            {
                errors.Add("overrideReason", $"系统建议由{proposed!.Name}承办，改派须说明理由。");
            }

            errors.ThrowIfAny();
            var assistNames = candidates.Where(o => assisting.Contains(o.Id)).Select(o => o.Name).ToList();
            await lifecycle.MoveAsync(code, CaseAction.Route, new CaseFacts { ReturnCount = c.ReturnCount },
                $"分流至{lead!.Name}承办" + (assistNames.Count > 0 ? $"，{string.Join("、", assistNames)}协办" : "") + (overriding ? $"（改派理由：{request.OverrideReason!.Trim()}）" : $"（{proposal.Why}）"),
                (moved, now) =>
                {
                    moved.LeadOrgUnitId = lead.Id;
                    db.CaseAssignments.Add(new CaseAssignment { CaseId = moved.Id, RegionCode = moved.RegionCode, OrgUnitId = lead.Id, Role = AssignmentRole.Lead, AssignedAt = now, AssignedByUserId = db.Actor.UserId, OverrideReason = overriding ? request.OverrideReason!.Trim() : null });
                    foreach (var id in assisting)
                    {
                        db.CaseAssignments.Add(new CaseAssignment { CaseId = moved.Id, RegionCode = moved.RegionCode, OrgUnitId = id, Role = AssignmentRole.Assisting, AssignedAt = now, AssignedByUserId = db.Actor.UserId });
                    }

                    db.Notifications.Add(new Notification { RegionCode = moved.RegionCode, OrgUnitId = lead.Id, At = now, Kind = "case_routed", Text = $"案件 {moved.Code}（{moved.Summary}）已分流至本单位承办，请在 1 个工作日内接收或退回。", CaseCode = moved.Code });
                    return Task.CompletedTask;
                },
                new { lead = lead.Code, assisting = candidates.Where(o => assisting.Contains(o.Id)).Select(o => o.Code), overrideReason = overriding ? request.OverrideReason : null, proposed = proposed?.Code },
                ct);
        }

        public async Task AcceptAssignmentAsync(string code, CancellationToken ct = default)
        {
            var assignment = await LeadAssignmentAsync(code, ct);
            await lifecycle.MoveAsync(code, CaseAction.AcceptAssignment, new CaseFacts(), $"{db.Actor.OrgName}接收承办，开始调解。",
                (_, now) =>
                {
                    assignment.AcceptedAt = now;
                    return Task.CompletedTask;
                }, ct: ct);
        }

        public async Task ReturnAsync(string code, string? reason, CancellationToken ct = default)
        {
            var assignment = await LeadAssignmentAsync(code, ct);
            await lifecycle.MoveAsync(code, CaseAction.Return, new CaseFacts { HasReason = !string.IsNullOrWhiteSpace(reason) },
                $"{db.Actor.OrgName}退回中心：{reason?.Trim()}",
                (moved, now) =>
                {
                    assignment.ReturnedAt = now;
                    assignment.ReturnReason = reason!.Trim();
                    moved.ReturnCount++;
                    moved.LeadOrgUnitId = null;
                    db.Notifications.Add(new Notification
                    {
                        RegionCode = moved.RegionCode,
                        OrgUnitId = moved.ReceivingOrgUnitId,
                        At = now,
                        Kind = "case_returned",
                        Text = $"案件 {moved.Code} 被{db.Actor.OrgName}退回：{reason.Trim()}" + (moved.ReturnCount >= Lifecycle.ReturnsBeforeLeaderDecides ? $"。已退回 {moved.ReturnCount} 次，须由中心领导决定分流。" : "，请重新分流。"),
                        CaseCode = moved.Code,
                    });
                    return Task.CompletedTask;
                }, new { reason }, ct);
        }

        /// <summary>Only the organisation the case was routed to may accept or return it.</summary>
        private async Task<CaseAssignment> LeadAssignmentAsync(string code, CancellationToken ct)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var assignment = await db.CaseAssignments
                .Where(a => a.CaseId == c.Id && a.Role == AssignmentRole.Lead && a.AcceptedAt == null && a.ReturnedAt == null)
                .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
            if (assignment is not null && assignment.OrgUnitId != db.Actor.OrgUnitId)
            {
                throw new DomainException("not_the_receiving_organisation", "只有承办单位可以接收或退回该案件。", 403);
            }

            return assignment ?? throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，没有待接收的分流。", 409);
        }

        /// <summary>Organisations that may handle a case here: those of its village, town and county (not other places').</summary>
        private async Task<IReadOnlyList<OrgOption>> CandidatesAsync(Case c, CancellationToken ct)
        {
            var lineage = RegionCode.Lineage(c.VillageCode).Where(code => code.Length >= 6).ToList();
            var kinds = new[] { OrgUnitKind.MediationCommittee, OrgUnitKind.IndustryCommittee, OrgUnitKind.Department, OrgUnitKind.Court, OrgUnitKind.Centre };

            // Handling organisations sit at or above the case's place, outside a town clerk's own
            // subtree; their names are public, and only these are offered.
            var units = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking()
                .Where(o => lineage.Contains(o.RegionCode) && kinds.Contains(o.Kind))
                .OrderByDescending(o => o.RegionCode).ThenBy(o => o.Kind).ThenBy(o => o.Code)
                .ToListAsync(ct);
            return [.. units.Select(o => new OrgOption(o.Id, o.Code, o.Name, OrgUnit.KindLabel(o.Kind)))];
        }

        private static OrgOption? Match(RoutingProposal p, Case c, IReadOnlyList<OrgOption> candidates)
        {
            var county = c.VillageCode[..6];
            var town = c.VillageCode[..9];
            return p.Handler switch
            {
                HandlerKind.VillageCommittee => candidates.FirstOrDefault(o => o.Code == $"{c.VillageCode}-TWH"),
                HandlerKind.TownCommittee => candidates.FirstOrDefault(o => o.Code == $"{town}-TWH"),
                HandlerKind.IndustryCommittee => candidates.FirstOrDefault(o => o.Code.StartsWith($"{county}-HY", StringComparison.Ordinal) && p.Specialty is not null && o.Name.Contains(p.Specialty, StringComparison.Ordinal)),
                HandlerKind.CountyCentre => candidates.FirstOrDefault(o => o.Code == $"{county}-TWH"),
                _ => null,
            } ?? candidates.FirstOrDefault(o => o.Code == $"{town}-TWH");
        }
    }
}
