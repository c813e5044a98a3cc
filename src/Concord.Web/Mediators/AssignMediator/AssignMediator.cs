using Concord.Domain.Cases;
using Concord.Web.Cases;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Mediators.AssignMediator;

/// <summary>
/// 指派调解员: suggestions ranked by fit and workload, with the reasons in words; assignment;
/// and 回避 — a declared conflict of interest removes the mediator from the case and blocks
/// assigning them again.
/// </summary>
public static class AssignMediator
{
    /// <summary>Points of the ranking; the explanation names each one that applied.</summary>
    public const int HandlesCategoryPoints = 50;
    public const int GoldForSeriousRiskPoints = 20;
    public const int PointsPerOpenCase = 5;

    public sealed record Suggestion(long MediatorId, string Name, string OrgName, string Kind, bool Gold, string? Dialects, int OpenCases, int Score, string Why, bool Assigned, bool Primary);

    public sealed record Excluded(long MediatorId, string Name, string OrgName, string Reason, string DeclaredReason);

    public sealed record Suggestions(string CaseCode, string Status, string CategoryName, string RiskLevel, bool CanStaff, IReadOnlyList<string> OrgUnits, IReadOnlyList<Suggestion> Ranked, IReadOnlyList<Excluded> Excluded);

    public sealed record AssignRequest(long? MediatorId, bool Primary);

    public sealed record ConflictRequest(long? MediatorId, string? Reason);

    public sealed class Handler(CaseMediation mediation)
    {
        private ConcordDb Db => mediation.Db;

        public async Task<Suggestions> SuggestAsync(string code, CancellationToken ct = default)
        {
            var c = await mediation.LoadAsync(code, ct);
            var units = await mediation.ServingOrgUnitsAsync(c, ct);
            var mediators = await mediation.MediatorsOfAsync(units.Select(u => u.Id), ct);
            var open = await mediation.OpenCasesAsync([.. mediators.Select(m => m.Id)], ct);
            var conflicts = await Db.ConflictDeclarations.Where(d => d.CaseId == c.Id).ToDictionaryAsync(d => d.MediatorId, d => d.Reason, ct);
            var assigned = await Db.CaseMediators.Where(a => a.CaseId == c.Id).ToDictionaryAsync(a => a.MediatorId, a => a.Primary, ct);
            var orgName = units.ToDictionary(u => u.Id, u => u.Name);

            var ranked = mediators.Where(m => !conflicts.ContainsKey(m.Id))
                .Select(m => Rank(m, c, orgName[m.OrgUnitId], open.GetValueOrDefault(m.Id), assigned))
                .OrderByDescending(s => s.Score).ThenBy(s => s.OpenCases).ThenBy(s => s.MediatorId)
                .ToList();
            var excluded = mediators.Where(m => conflicts.ContainsKey(m.Id))
                .Select(m => new Excluded(m.Id, m.Name, orgName[m.OrgUnitId], "已申报回避", conflicts[m.Id]))
                .ToList();
            var canStaff = CaseMediation.StaffingStates.Contains(c.Status) && Db.Actor.Role is { } role && CaseMediation.StaffingRoles.Contains(role);
            return new Suggestions(c.Code, c.Status.ToString(), Categories.NameOf(c.CategoryCode), CaseLabels.Of(c.RiskLevel), canStaff,
                [.. units.Select(u => u.Name)], ranked, excluded);
        }

        /// <summary>The score and its explanation: category fit, 金牌 for serious cases, fewer open cases first.</summary>
        public static Suggestion Rank(Mediator m, Case c, string orgName, int openCases, IReadOnlyDictionary<long, bool> assigned)
        {
            var score = 100;
            var why = new List<string>();
            var category = Categories.NameOf(c.CategoryCode);
            if (m.Handles(c.CategoryCode))
            {
                score += HandlesCategoryPoints;
                why.Add($"擅长{category}纠纷");
            }
            else
            {
                why.Add($"未登记擅长{category}纠纷");
            }

            score -= PointsPerOpenCase * openCases;
            why.Add($"在办 {openCases} 件");
            if (m.Gold && c.RiskLevel is RiskLevel.Major or RiskLevel.Grave)
            {
                score += GoldForSeriousRiskPoints;
                why.Add($"金牌调解员，适合{CaseLabels.Of(c.RiskLevel)}风险案件");
            }
            else if (m.Gold)
            {
                why.Add("金牌调解员");
            }

            return new Suggestion(m.Id, m.Name, orgName, Mediator.KindLabel(m.Kind), m.Gold, m.Dialects, openCases, score, string.Join("；", why),
                assigned.ContainsKey(m.Id), assigned.GetValueOrDefault(m.Id));
        }

        public async Task AssignAsync(string code, AssignRequest request, CancellationToken ct = default)
        {
            var c = await mediation.LoadAsync(code, ct);
            CaseMediation.CaseMustBeRoutedOrMediating(c);
            mediation.ActorMayStaff(c);
            var mediator = await mediation.ServingMediatorAsync(c, request.MediatorId, ct);
            if (await Db.ConflictDeclarations.FirstOrDefaultAsync(d => d.CaseId == c.Id && d.MediatorId == mediator.Id, ct) is { } conflict)
            {
                throw new DomainException("conflict_of_interest", $"{mediator.Name}已申报回避，不能指派：{conflict.Reason}", 422);
            }

            var current = await Db.CaseMediators.Where(a => a.CaseId == c.Id).ToListAsync(ct);
            if (current.Any(a => a.MediatorId == mediator.Id))
            {
                throw new DomainException("mediator_already_assigned", $"{mediator.Name}已是本案调解员。", 409);
            }

            // One 主调解员 per case: naming a new one makes the others assisting.
            var primary = request.Primary || current.Count == 0;
            if (primary)
            {
                current.ForEach(a => a.Primary = false);
            }

            Db.CaseMediators.Add(new CaseMediator { CaseId = c.Id, RegionCode = c.RegionCode, MediatorId = mediator.Id, Primary = primary, AssignedAt = mediation.Now, AssignedByUserId = Db.Actor.UserId });
            await mediation.RecordAsync(c, "mediator_assigned", $"指派{mediator.Name}为{(primary ? "主调解员" : "协助调解员")}",
                "case.mediator_assigned", new { mediatorId = mediator.Id, mediator = mediator.Name, primary }, ct);
        }

        public async Task DeclareConflictAsync(string code, ConflictRequest request, CancellationToken ct = default)
        {
            var c = await mediation.LoadAsync(code, ct);
            if (CaseMediation.FinishedStates.Contains(c.Status))
            {
                throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，不能再申报回避。", 409);
            }

            var mediator = await mediation.ServingMediatorAsync(c, request.MediatorId, ct);
            mediation.ActorMayStaff(c, mediator);
            if (string.IsNullOrWhiteSpace(request.Reason))
            {
                var errors = new FieldErrors();
                errors.Add("reason", "请填写回避理由（如与当事人有亲属关系）。");
                errors.ThrowIfAny();
            }

            if (await Db.ConflictDeclarations.AnyAsync(d => d.CaseId == c.Id && d.MediatorId == mediator.Id, ct))
            {
                throw new DomainException("conflict_already_declared", $"{mediator.Name}已申报回避。", 409);
            }

            var reason = request.Reason!.Trim();
            var assignment = await Db.CaseMediators.FirstOrDefaultAsync(a => a.CaseId == c.Id && a.MediatorId == mediator.Id, ct);
            if (assignment is not null)
            {
                Db.CaseMediators.Remove(assignment);
            }

            Db.ConflictDeclarations.Add(new ConflictDeclaration { CaseId = c.Id, RegionCode = c.RegionCode, MediatorId = mediator.Id, Reason = reason, DeclaredAt = mediation.Now });
            await mediation.RecordAsync(c, "conflict_declared", $"{mediator.Name}申报回避：{reason}" + (assignment is null ? "" : "，已不再担任本案调解员"),
                "case.conflict_declared", new { mediatorId = mediator.Id, mediator = mediator.Name, reason, removedAssignment = assignment is not null }, ct);
        }
    }
}
