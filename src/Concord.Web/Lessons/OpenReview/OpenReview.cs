using Concord.Domain.Identity;
using Concord.Domain.Lessons;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Triage;
using Concord.Web.Lessons.ListCandidates;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Lessons.OpenReview;

/// <summary>
/// 以案促改: a supervisor opens a review of one candidate case or of related cases (a repeat chain,
/// one place) with the root cause, the gaps found and the actions (owner, due date); later adds
/// actions while the review is open. A case is in at most one open review, so a retried request
/// cannot open the same review twice.
/// </summary>
public static class OpenReview
{
    public sealed record ActionInput(string? Text, long? OwnerOrgUnitId, long? OwnerUserId, DateOnly? DueOn);

    public sealed record Request(List<string>? CaseCodes, string? Title, string? Cause, List<string>? Gaps, List<ActionInput>? Actions);

    public sealed record CaseOption(string Code, string Summary, string StatusLabel, string RegionCode, IReadOnlyList<string> Reasons, bool Candidate);

    public sealed record OwnerOrg(long Id, string Name, string RegionCode);

    public sealed record OwnerUser(long Id, string Name, string Role, long OrgUnitId, string RegionCode);

    /// <summary>What the form needs once the cases are chosen: the cases, the related ones to add, and who may own actions.</summary>
    public sealed record Draft(IReadOnlyList<CaseOption> Cases, IReadOnlyList<CaseOption> Related, string RegionCode, IReadOnlyList<OwnerOrg> Orgs, IReadOnlyList<OwnerUser> Users);

    public const int MaxCases = 20;
    public const int MaxGaps = 10;
    public const int MaxActions = 20;

    public sealed class Handler(ConcordDb db, TimeProvider clock, RiskRules rules)
    {
        public async Task<long> OpenAsync(Request request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            var codes = (request.CaseCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (codes.Count == 0)
            {
                errors.Add("caseCodes", "请选择要复盘的案件。");
            }
            else if (codes.Count > MaxCases)
            {
                errors.Add("caseCodes", $"一次复盘最多 {MaxCases} 件案件。");
            }

            Required(errors, "title", request.Title, "复盘标题", 100);
            Required(errors, "cause", request.Cause, "根源分析", 4000);
            var gaps = (request.Gaps ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()).ToList();
            if (gaps.Count == 0)
            {
                errors.Add("gaps", "请至少填写一条工作短板。");
            }
            else if (gaps.Count > MaxGaps)
            {
                errors.Add("gaps", $"工作短板最多 {MaxGaps} 条。");
            }

            for (var i = 0; i < gaps.Count; i++)
            {
                if (gaps[i].Length > 500)
                {
                    errors.Add($"gaps[{i}]", "每条工作短板不能超过 500 个字。");
                }
            }

            var actions = request.Actions ?? [];
            if (actions.Count == 0)
            {
                errors.Add("actions", "请至少填写一项整改措施。");
            }
            else if (actions.Count > MaxActions)
            {
                errors.Add("actions", $"整改措施最多 {MaxActions} 项。");
            }

            errors.ThrowIfAny();

            // Cases outside the scope do not exist (404), like everywhere else.
            var cases = await db.Cases.AsNoTracking().Where(c => codes.Contains(c.Code)).Select(c => new { c.Id, c.Code, c.RegionCode }).ToListAsync(ct);
            if (codes.FirstOrDefault(code => cases.All(c => c.Code != code)) is { } missing)
            {
                throw new NotFoundException($"案件 {missing}");
            }

            var evidence = await ListCandidates.ListCandidates.EvidenceAsync(db, [.. cases.Select(c => c.Id)], ct);
            if (evidence.Values.All(e => e.Reasons(rules).Count == 0))
            {
                throw new DomainException("not_a_candidate", "所选案件都不属于调解不成、不满意重办、超期督办、重复或群体性纠纷，无需以案促改复盘。", 422);
            }

            var ids = cases.Select(c => c.Id).ToList();
            // Under the write gate: two supervisors opening a review of the same case cannot both pass the check.
            await using var write = await db.BeginWriteAsync(ct);
            var busy = await db.LessonReviewCases.AsNoTracking()
                .Where(rc => ids.Contains(rc.CaseId) && db.LessonReviews.Any(r => r.Id == rc.ReviewId && r.ClosedAt == null))
                .Select(rc => new { rc.CaseCode, rc.ReviewId }).FirstOrDefaultAsync(ct);
            if (busy is not null)
            {
                throw new DomainException("already_under_review", $"案件 {busy.CaseCode} 已在复盘（编号 {busy.ReviewId}）中，请在该复盘中补充整改措施。", 409);
            }

            var region = LessonRules.ReviewRegion([.. cases.Select(c => c.RegionCode)]);
            var drafted = await CheckActionsAsync(actions, region, "actions", errors, ct);
            errors.ThrowIfAny();

            var now = clock.GetUtcNow().UtcDateTime;
            var review = new LessonReview
            {
                RegionCode = region,
                Title = request.Title!.Trim(),
                Cause = request.Cause!.Trim(),
                CreatedAt = now,
                CreatedByUserId = db.Actor.UserId,
                CreatedByName = db.Actor.Name,
            };
            foreach (var c in cases.OrderBy(c => codes.IndexOf(c.Code)))
            {
                var reasons = evidence[c.Id].Reasons(rules);
                review.Cases.Add(new LessonReviewCase { RegionCode = region, CaseId = c.Id, CaseCode = c.Code, Reasons = string.Join(",", reasons) });
            }

            review.Gaps.AddRange(gaps.Select(g => new LessonGap { RegionCode = region, Text = g }));
            review.Actions.AddRange(drafted);
            db.LessonReviews.Add(review);
            db.AuditNew("lesson_review.opened", review, new
            {
                review.RegionCode,
                review.Title,
                cases = codes,
                gaps = gaps.Count,
                actions = drafted.Select(a => new { a.Text, a.OwnerOrgName, owner = a.OwnerName is null ? null : PersonName.Mask(a.OwnerName), dueOn = a.DueOn }),
            });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return review.Id;
        }

        public async Task<long> AddActionAsync(long reviewId, ActionInput input, CancellationToken ct = default)
        {
            await using var write = await db.BeginWriteAsync(ct);
            var review = await db.LessonReviews.FirstOrDefaultAsync(r => r.Id == reviewId, ct) ?? throw new NotFoundException("该复盘");
            if (LessonRules.AClosedReviewIsNotChanged(review.ClosedAt is not null) is { } closed)
            {
                throw new DomainException(closed.Code, closed.Message, 409);
            }

            var errors = new FieldErrors();
            var drafted = await CheckActionsAsync([input], review.RegionCode, null, errors, ct);
            errors.ThrowIfAny();
            var action = drafted[0];
            review.Actions.Add(action);
            db.AuditNew("lesson_review.action_added", action, new
            {
                reviewId,
                action.Text,
                action.OwnerOrgName,
                owner = action.OwnerName is null ? null : PersonName.Mask(action.OwnerName),
                dueOn = action.DueOn,
            });
            await db.SaveChangesAsync(ct);
            await write.CommitAsync(ct);
            return action.Id;
        }

        /// <summary>The chosen cases (those the actor sees), the cases their red flags link to, and the possible owners.</summary>
        public async Task<Draft> DraftAsync(IReadOnlyCollection<string> codes, CancellationToken ct = default)
        {
            var chosen = await db.Cases.AsNoTracking().Where(c => codes.Contains(c.Code)).Select(c => c.Id).ToListAsync(ct);
            var evidence = await ListCandidates.ListCandidates.EvidenceAsync(db, chosen, ct);
            var items = evidence.Values.Select(e => e.ToItem(e.RegisteredAt, rules)).ToList();
            var linkedCodes = items.SelectMany(i => i.LinkedCaseCodes).Where(c => !codes.Contains(c)).Distinct().ToList();
            var linkedIds = await db.Cases.AsNoTracking().Where(c => linkedCodes.Contains(c.Code)).Select(c => c.Id).ToListAsync(ct);
            var related = (await ListCandidates.ListCandidates.EvidenceAsync(db, linkedIds, ct)).Values.Select(e => e.ToItem(e.RegisteredAt, rules)).ToList();
            var region = items.Count == 0 ? db.Actor.ScopeCode ?? "" : LessonRules.ReviewRegion([.. items.Select(i => i.RegionCode)]);
            var lineage = RegionCode.TryGetLevel(region, out _) ? RegionCode.Lineage(region).ToList() : [];
            var orgs = await db.OrgUnits.AsNoTracking().Where(o => lineage.Contains(o.RegionCode))
                .OrderBy(o => o.RegionCode).ThenBy(o => o.Code).Take(200).Select(o => new OwnerOrg(o.Id, o.Name, o.RegionCode)).ToListAsync(ct);
            var roles = RolePermissions.Holding(Permission.LessonsRead).ToList();
            var users = (await db.Users.AsNoTracking().Where(u => lineage.Contains(u.RegionCode) && roles.Contains(u.Role))
                .OrderBy(u => u.RegionCode).ThenBy(u => u.Id).Take(200).Select(u => new { u.Id, u.DisplayName, u.Role, u.OrgUnitId, u.RegionCode }).ToListAsync(ct))
                .Select(u => new OwnerUser(u.Id, u.DisplayName, Roles.Label(u.Role), u.OrgUnitId, u.RegionCode)).ToList();
            return new Draft([.. items.OrderBy(i => i.Code).Select(Option)], [.. related.OrderBy(i => i.Code).Select(Option)], region, orgs, users);
        }

        private static CaseOption Option(ListCandidates.ListCandidates.Item i) =>
            new(i.Code, i.Summary, i.StatusLabel, i.RegionCode, [.. i.Reasons.Select(r => r.Label)], i.Reasons.Count > 0);

        /// <summary>Owners come from what the actor sees (the filter is the scope) and must themselves see the review's place.</summary>
        private async Task<List<LessonAction>> CheckActionsAsync(IReadOnlyList<ActionInput> inputs, string region, string? listField, FieldErrors errors, CancellationToken ct)
        {
            var today = LessonsTime.Today(clock);
            var orgIds = inputs.Where(a => a.OwnerOrgUnitId is not null).Select(a => a.OwnerOrgUnitId!.Value).Distinct().ToList();
            var userIds = inputs.Where(a => a.OwnerUserId is not null).Select(a => a.OwnerUserId!.Value).Distinct().ToList();
            var orgs = await db.OrgUnits.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.OrgUnitId, u.RegionCode }).ToDictionaryAsync(u => u.Id, ct);
            var result = new List<LessonAction>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var a = inputs[i];
                var p = listField is null ? "" : $"{listField}[{i}].";
                Required(errors, p + "text", a.Text, "整改措施", 500);
                string? orgName = null, ownerName = null;
                long? orgId = a.OwnerOrgUnitId;
                if (a.OwnerOrgUnitId is null && a.OwnerUserId is null)
                {
                    errors.Add(p + "ownerOrgUnitId", "请选择责任单位或责任人。");
                }

                if (a.OwnerOrgUnitId is { } o)
                {
                    if (!orgs.TryGetValue(o, out var org))
                    {
                        errors.Add(p + "ownerOrgUnitId", "未找到该责任单位，或不在您的管辖范围内。");
                    }
                    else if (LessonRules.OwnerMustSeeTheReview(org.RegionCode, region) is { } v)
                    {
                        errors.Add(p + "ownerOrgUnitId", v.Message);
                    }
                    else
                    {
                        orgName = org.Name;
                    }
                }

                if (a.OwnerUserId is { } u)
                {
                    if (!users.TryGetValue(u, out var user))
                    {
                        errors.Add(p + "ownerUserId", "未找到该责任人，或不在您的管辖范围内。");
                    }
                    else if (LessonRules.OwnerMustSeeTheReview(user.RegionCode, region) is { } v)
                    {
                        errors.Add(p + "ownerUserId", v.Message);
                    }
                    else
                    {
                        ownerName = user.DisplayName;
                        if (orgId is null)
                        {
                            orgId = user.OrgUnitId;
                            orgName = (await db.OrgUnits.AsNoTracking().Where(x => x.Id == user.OrgUnitId).Select(x => x.Name).FirstOrDefaultAsync(ct)) ?? "";
                        }
                    }
                }

                if (a.DueOn is not { } due)
                {
                    errors.Add(p + "dueOn", "请填写整改期限。");
                }
                else if (LessonRules.DueDateCannotBeInThePast(due, today) is { } v)
                {
                    errors.Add(p + "dueOn", v.Message);
                }

                if (!errors.Any)
                {
                    result.Add(new LessonAction
                    {
                        RegionCode = region,
                        Text = a.Text!.Trim(),
                        OwnerOrgUnitId = orgId,
                        OwnerOrgName = orgName,
                        OwnerUserId = a.OwnerUserId,
                        OwnerName = ownerName,
                        DueOn = a.DueOn!.Value,
                    });
                }
            }

            return result;
        }

        internal static void Required(FieldErrors errors, string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(field, $"请填写{label}。");
            }
            else if (value.Trim().Length > max)
            {
                errors.Add(field, $"{label}不能超过 {max} 个字。");
            }
        }
    }
}
