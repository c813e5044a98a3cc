using Concord.Domain.Agreements;
using Concord.Domain.Cases;
using Concord.Web.Cases;
using Concord.Web.Cases.MoveCase;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Agreements.RecordAgreement;

/// <summary>
/// 调解协议: the mediator drafts the agreement with the parts art. 29 requires, each party signs
/// (现场签字 or 电子签名), and 确认生效 moves the case to 已达成协议 — refused, naming what is
/// missing, until the draft is complete and every party has signed (a verbal agreement needs no
/// signatures). When mediation fails, 调解不成 records the next route (诉讼、仲裁、行政途径).
/// One handler for the API and the page.
/// </summary>
public static class RecordAgreement
{
    public sealed record PartyInput(string? Name, string? Role);

    public sealed record SaveRequest(List<PartyInput>? Parties, string? Facts, string? DisputedItems, string? Responsibility,
        List<string>? Terms, string? PerformanceMethod, string? PerformancePlace, DateOnly? PerformanceDeadline, bool Verbal);

    public sealed record SignRequest(string? Method);

    public sealed record NoAgreementRequest(string? NextRoute, string? Reason);

    public sealed record SignatureView(long Id, string PartyName, string PartyRole, bool Signed, DateTime? SignedAt, string? Method, string? MethodLabel);

    public sealed record View(string CaseCode, string CaseStatus, string CaseStatusLabel, bool Drafted, IReadOnlyList<AgreementParty> Parties,
        string? Facts, string? DisputedItems, string? Responsibility, IReadOnlyList<string> Terms, string? PerformanceMethod,
        string? PerformancePlace, DateOnly? PerformanceDeadline, bool Verbal, IReadOnlyList<string> Missing,
        IReadOnlyList<SignatureView> Signatures, DateTime? DraftedAt, DateTime? FinalisedAt, DateTime? EffectiveAt);

    public static readonly IReadOnlyDictionary<string, string> NextRoutes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["litigation"] = "诉讼",
        ["arbitration"] = "仲裁",
        ["administrative"] = "行政途径",
    };

    private const int LongText = 4000;
    private const int MediumText = 2000;

    public sealed class Handler(ConcordDb db, CaseLifecycle lifecycle)
    {
        public async Task<View> GetAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var agreement = await FindAsync(c, ct);
            if (agreement is null)
            {
                var parties = await db.CaseParties.AsNoTracking().Where(p => p.CaseId == c.Id).OrderBy(p => p.Role).ThenBy(p => p.Id).ToListAsync(ct);
                var empty = new AgreementDraft { Parties = [.. parties.Select(p => new AgreementParty(p.Name, CaseLabels.Of(p.Role)))] };
                return new View(c.Code, c.Status.ToString(), CaseLabels.Of(c.Status), false, empty.Parties, null, null, null, [], null, null, null, false,
                    AgreementRules.Missing(empty), [], null, null, null);
            }

            var draft = agreement.ToDraft();
            return new View(c.Code, c.Status.ToString(), CaseLabels.Of(c.Status), true, draft.Parties, draft.Facts, draft.DisputedItems, draft.Responsibility,
                draft.Terms, draft.PerformanceMethod, draft.PerformancePlace, draft.PerformanceDeadline, draft.Verbal, AgreementRules.Missing(draft),
                [.. agreement.Signatures.OrderBy(s => s.Id).Select(s => new SignatureView(s.Id, s.PartyName, s.PartyRole, s.SignedAt is not null, s.SignedAt,
                    s.Method?.ToString(), s.Method is { } m ? AgreementSignature.Label(m) : null))],
                agreement.DraftedAt, agreement.FinalisedAt, agreement.EffectiveAt);
        }

        /// <summary>Saves the draft (complete or not); a changed text voids signatures already given.</summary>
        public async Task SaveAsync(string code, SaveRequest request, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            EnsureMayRecord(c, "起草调解协议");
            var errors = new FieldErrors();
            Limit(errors, "facts", request.Facts, LongText);
            Limit(errors, "disputedItems", request.DisputedItems, MediumText);
            Limit(errors, "responsibility", request.Responsibility, MediumText);
            Limit(errors, "terms", string.Join('\n', request.Terms ?? []), LongText);
            Limit(errors, "performanceMethod", request.PerformanceMethod, 500);
            Limit(errors, "performancePlace", request.PerformancePlace, 200);
            if ((request.Parties ?? []).Any(p => (p.Name?.Length ?? 0) > 100 || (p.Role?.Length ?? 0) > 20))
            {
                errors.Add("parties", "当事人姓名（名称）不超过 100 字，身份不超过 20 字。");
            }

            errors.ThrowIfAny();
            var draft = new AgreementDraft
            {
                Parties = [.. (request.Parties ?? []).Where(p => !string.IsNullOrWhiteSpace(p.Name)).Select(p => new AgreementParty(p.Name!.Trim(), p.Role?.Trim() ?? ""))],
                Facts = request.Facts,
                DisputedItems = request.DisputedItems,
                Responsibility = request.Responsibility,
                Terms = [.. (request.Terms ?? []).SelectMany(t => t.Split('\n'))],
                PerformanceMethod = request.PerformanceMethod,
                PerformancePlace = request.PerformancePlace,
                PerformanceDeadline = request.PerformanceDeadline,
                Verbal = request.Verbal,
            };

            var now = db.Clock.GetUtcNow().UtcDateTime;
            var agreement = await FindAsync(c, ct);
            var first = agreement is null;
            if (agreement is null)
            {
                agreement = new Agreement { CaseId = c.Id, RegionCode = c.RegionCode };
                db.Agreements.Add(agreement);
            }

            var before = first ? null : agreement.ToDraft();
            agreement.Apply(draft);
            agreement.RegionCode = c.RegionCode;
            agreement.DraftedByUserId = db.Actor.UserId;
            agreement.DraftedAt = now;
            var changed = before is not null && !SameText(before, agreement.ToDraft());
            var voided = new List<string>();
            if (changed)
            {
                foreach (var signed in agreement.Signatures.Where(s => s.SignedAt is not null))
                {
                    signed.SignedAt = null;
                    signed.Method = null;
                    voided.Add(signed.PartyName);
                }
            }

            // A signature line for every party of the case (the parties who must sign).
            var parties = await db.CaseParties.Where(p => p.CaseId == c.Id).OrderBy(p => p.Role).ThenBy(p => p.Id).ToListAsync(ct);
            foreach (var party in parties.Where(p => !agreement.Signatures.Any(s => s.PartyName == p.Name && s.PartyRole == CaseLabels.Of(p.Role))))
            {
                agreement.Signatures.Add(new AgreementSignature { CaseId = c.Id, RegionCode = c.RegionCode, PartyName = party.Name, PartyRole = CaseLabels.Of(party.Role) });
            }

            var text = (first ? "起草调解协议" : "修改调解协议") + (draft.Verbal ? "（口头协议）" : "")
                + (voided.Count > 0 ? $"，协议内容已变更，{string.Join("、", voided)}须重新签名" : "") + "。";
            AddEvent(c, first ? "agreement_drafted" : "agreement_amended", text, now);
            db.Audit(first ? "agreement.draft" : "agreement.amend", "Case", c.Code, new { verbal = draft.Verbal, missing = AgreementRules.Missing(agreement.ToDraft()), voidedSignatures = voided });
            await db.SaveChangesAsync(ct);
        }

        public async Task SignAsync(string code, long signatureId, SignRequest request, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            EnsureMayRecord(c, "登记当事人签名");
            var agreement = await FindAsync(c, ct) ?? throw new NotFoundException("该案件的调解协议");
            var signature = agreement.Signatures.FirstOrDefault(s => s.Id == signatureId) ?? throw new NotFoundException("该签名");
            var method = request.Method?.Trim().ToLowerInvariant() switch
            {
                null or "" or "onsite" => SignatureMethod.OnSite,
                "electronic" => SignatureMethod.Electronic,
                _ => throw new ValidationFailedException(new Dictionary<string, string[]> { ["method"] = ["签名方式须为现场签字（onsite）或电子签名（electronic）。"] }),
            };
            if (signature.SignedAt is not null)
            {
                throw new DomainException("already_signed", $"{signature.PartyName}已于{Fmt.Time(signature.SignedAt.Value)}签名。", 409);
            }

            var now = db.Clock.GetUtcNow().UtcDateTime;
            signature.SignedAt = now;
            signature.Method = method;
            AddEvent(c, "agreement_signed", $"{signature.PartyName}（{signature.PartyRole}）在调解协议上{AgreementSignature.Label(method)}。", now);
            db.Audit("agreement.sign", "Case", c.Code, new { party = signature.PartyName, role = signature.PartyRole, method = method.ToString() });
            await db.SaveChangesAsync(ct);
        }

        /// <summary>确认协议生效: the lifecycle's RecordAgreement, refused with the missing parts and signatures.</summary>
        public async Task FinaliseAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var agreement = await FindAsync(c, ct);
            var draft = agreement?.ToDraft() ?? new AgreementDraft();
            var missing = AgreementRules.Missing(draft).ToList();
            var unsigned = agreement is null || draft.Verbal ? [] : agreement.Signatures.Where(s => s.SignedAt is null).Select(s => s.PartyName).ToList();
            if (unsigned.Count > 0)
            {
                missing.Add($"当事人签名（{string.Join("、", unsigned)}）");
            }

            await lifecycle.MoveAsync(code, CaseAction.RecordAgreement, new CaseFacts { AgreementComplete = missing.Count == 0, AgreementMissing = missing },
                draft.Verbal ? "达成口头调解协议，已记录协议内容，协议生效。" : "调解协议经各方当事人签名，确认生效。",
                (_, now) =>
                {
                    agreement!.FinalisedAt = now;
                    agreement.EffectiveAt = now;
                    return Task.CompletedTask;
                },
                new { verbal = draft.Verbal, signatures = agreement?.Signatures.Count ?? 0 }, ct);
        }

        /// <summary>调解不成: records the route the parties are told to take next.</summary>
        public async Task RecordNoAgreementAsync(string code, NoAgreementRequest request, CancellationToken ct = default)
        {
            var route = request.NextRoute?.Trim().ToLowerInvariant();
            var label = route is not null && NextRoutes.TryGetValue(route, out var l) ? l : null;
            var reason = request.Reason?.Trim();
            if (reason?.Length > MediumText)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["reason"] = [$"原因不超过 {MediumText} 字。"] });
            }

            await lifecycle.MoveAsync(code, CaseAction.RecordNoAgreement, new CaseFacts { HasNextRoute = label is not null },
                $"调解不成，告知当事人通过{label}途径解决" + (string.IsNullOrEmpty(reason) ? "。" : $"。原因：{reason}"),
                auditDetails: new { nextRoute = route, reason }, ct: ct);
        }

        private async Task<Agreement?> FindAsync(Case c, CancellationToken ct) =>
            await db.Agreements.Include(a => a.Signatures).FirstOrDefaultAsync(a => a.CaseId == c.Id, ct);

        /// <summary>Drafting and signing happen while mediating, by those who may record the agreement.</summary>
        private void EnsureMayRecord(Case c, string what)
        {
            if (c.Status != CaseStatus.Mediating)
            {
                throw new DomainException("action_not_allowed_in_state", $"案件当前状态为“{CaseLabels.Of(c.Status)}”，不能{what}。", 409);
            }

            if (db.Actor.Role is not { } role || !Lifecycle.Available(c.Status, role).Contains(CaseAction.RecordAgreement))
            {
                throw new DomainException("role_may_not", $"当前账号不能{what}。", 403);
            }
        }

        private void AddEvent(Case c, string kind, string text, DateTime now) => db.CaseEvents.Add(new CaseEvent
        {
            CaseId = c.Id,
            RegionCode = c.RegionCode,
            At = now,
            Kind = kind,
            Text = text,
            ActorName = db.Actor.Name,
            ActorOrgName = db.Actor.OrgName,
        });

        private static bool SameText(AgreementDraft a, AgreementDraft b) =>
            a.Parties.SequenceEqual(b.Parties) && a.Facts == b.Facts && a.DisputedItems == b.DisputedItems && a.Responsibility == b.Responsibility
            && a.Terms.SequenceEqual(b.Terms) && a.PerformanceMethod == b.PerformanceMethod && a.PerformancePlace == b.PerformancePlace
            && a.PerformanceDeadline == b.PerformanceDeadline && a.Verbal == b.Verbal;

        private static void Limit(FieldErrors errors, string field, string? value, int max)
        {
            if (value?.Length > max)
            {
                errors.Add(field, $"不超过 {max} 字。");
            }
        }
    }
}
