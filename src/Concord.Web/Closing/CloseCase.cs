using System.Security.Cryptography;
using Concord.Domain.Cases;
using Concord.Web.Cases;
using Concord.Web.Cases.MoveCase;
using Concord.Web.Notifications;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Closing;

/// <summary>
/// 回访 → 评价 → 结案. The follow-up at the performance deadline either finds the agreement
/// performed (the parties are then asked to rate, by a link that needs no login) or reopens
/// mediation. Closing needs the case file's required items and the rating requests; a
/// 不满意 rating reopens the case and tells the handling organisation and its supervisor.
/// </summary>
public static class CloseCase
{
    public sealed record FollowUpRequest(bool? Performed, string? Notes, string? VisitorName);

    public sealed record ScheduleRequest(DateOnly? PerformanceDeadline);

    public sealed record CaseFileItemView(string Item, string Label, bool Required, bool Present, string? Note);

    public sealed record RatingLink(string PartyName, string Url, bool Rated, string? Rating);

    public sealed record RateRequest(string? Rating, string? Comment);

    public sealed class Handler(ConcordDb db, CaseLifecycle lifecycle, TimeProvider clock)
    {
        public async Task ScheduleFollowUpAsync(string code, DateOnly? performanceDeadline, CancellationToken ct = default)
        {
            if (performanceDeadline is null)
            {
                var errors = new FieldErrors();
                errors.Add("performanceDeadline", "请填写协议约定的履行期限。");
                errors.ThrowIfAny();
            }

            await lifecycle.MoveAsync(code, CaseAction.SkipJudicialConfirmation, new CaseFacts(),
                $"不申请司法确认，于 {performanceDeadline:yyyy-MM-dd}（履行期限）回访。",
                (c, _) =>
                {
                    db.FollowUpVisits.Add(new FollowUpVisit { CaseId = c.Id, RegionCode = c.RegionCode, DueOn = performanceDeadline!.Value });
                    return Task.CompletedTask;
                }, new { performanceDeadline }, ct);
        }

        public async Task RecordFollowUpAsync(string code, FollowUpRequest request, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (request.Performed is null)
            {
                errors.Add("performed", "请选择协议是否已履行。");
            }

            if (request.Performed == false && string.IsNullOrWhiteSpace(request.Notes))
            {
                errors.Add("notes", "协议未履行时请说明情况。");
            }

            errors.ThrowIfAny();
            var performed = request.Performed!.Value;
            await lifecycle.MoveAsync(code, performed ? CaseAction.RecordPerformed : CaseAction.RecordNotPerformed,
                new CaseFacts { HasReason = !string.IsNullOrWhiteSpace(request.Notes) || performed },
                performed ? "回访：协议已履行，已请当事人评价。" : $"回访：协议未履行（{request.Notes!.Trim()}），重新调解。",
                async (c, now) =>
                {
                    var visit = await db.FollowUpVisits.Where(v => v.CaseId == c.Id && v.VisitedAt == null).OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct)
                        ?? db.FollowUpVisits.Add(new FollowUpVisit { CaseId = c.Id, RegionCode = c.RegionCode, DueOn = DateOnly.FromDateTime(now) }).Entity;
                    visit.VisitedAt = now;
                    visit.Performed = performed;
                    visit.Notes = request.Notes?.Trim();
                    visit.VisitorName = string.IsNullOrWhiteSpace(request.VisitorName) ? db.Actor.Name : request.VisitorName.Trim();
                    await AddToFileAsync(c, CaseFileItem.FollowUpRecord, "回访记录", now, ct);
                    if (performed)
                    {
                        await RequestRatingsAsync(c, now, ct);
                    }
                }, new { performed, notes = request.Notes }, ct);
        }

        public async Task<IReadOnlyList<CaseFileItemView>> CaseFileAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var present = await db.CaseFileEntries.AsNoTracking().Where(e => e.CaseId == c.Id).ToDictionaryAsync(e => e.Item, ct);
            return [.. Enum.GetValues<CaseFileItem>().Select(i => new CaseFileItemView(i.ToString(), CaseFile.Label(i), CaseFile.Required.Contains(i),
                present.ContainsKey(i), present.TryGetValue(i, out var e) ? e.Note : null))];
        }

        public async Task AddCaseFileItemAsync(string code, string? item, string? note, CancellationToken ct = default)
        {
            if (!Enum.TryParse<CaseFileItem>(item, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new NotFoundException("该卷宗材料");
            }

            var c = await lifecycle.LoadAsync(code, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (await AddToFileAsync(c, parsed, note, now, ct))
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, RegionCode = c.RegionCode, At = now, Kind = "case_file", Text = $"卷宗归档：{CaseFile.Label(parsed)}", ActorName = db.Actor.Name, ActorOrgName = db.Actor.OrgName });
                db.Audit("case.file_item_added", "Case", c.Code, new { item = parsed.ToString(), note });
                await db.SaveChangesAsync(ct);
            }
        }

        public async Task CloseAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            var present = await db.CaseFileEntries.Where(e => e.CaseId == c.Id).Select(e => e.Item).ToListAsync(ct);
            var missing = CaseFile.Required.Where(i => !present.Contains(i)).Select(CaseFile.Label).ToList();
            var asked = await db.RatingRequests.AnyAsync(r => r.CaseId == c.Id, ct);
            await lifecycle.MoveAsync(code, CaseAction.Close, new CaseFacts { MissingCaseFileItems = missing, PartiesAskedToRate = asked }, "结案。", ct: ct);
        }

        public async Task<IReadOnlyList<RatingLink>> RatingLinksAsync(string code, CancellationToken ct = default)
        {
            var c = await lifecycle.LoadAsync(code, ct);
            return [.. (await db.RatingRequests.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.Id).ToListAsync(ct))
                .Select(r => new RatingLink(r.PartyName, $"/rate/{r.Token}", r.RatedAt is not null, r.Rating is { } x ? CaseFile.Label(x) : null))];
        }

        /// <summary>A party rates through the link; no login. 不满意 reopens the case.</summary>
        public async Task<string> RateAsync(string token, RateRequest request, CancellationToken ct = default)
        {
            db.ActAs(Actor.System());
            var rating = await db.RatingRequests.FirstOrDefaultAsync(r => r.Token == token, ct) ?? throw new NotFoundException("该评价链接");
            if (rating.RatedAt is not null)
            {
                throw new DomainException("already_rated", "您已评价过，感谢您的反馈。", 409);
            }

            var value = request.Rating?.ToLowerInvariant() switch
            {
                "satisfied" => Rating.Satisfied,
                "basicallysatisfied" or "basically_satisfied" => Rating.BasicallySatisfied,
                "dissatisfied" => Rating.Dissatisfied,
                _ => (Rating?)null,
            };
            if (value is null || request.Comment is { Length: > 1000 })
            {
                var errors = new FieldErrors();
                if (value is null)
                {
                    errors.Add("rating", "请选择满意、基本满意或不满意。");
                }

                if (request.Comment is { Length: > 1000 })
                {
                    errors.Add("comment", "意见不能超过 1000 字。");
                }

                errors.ThrowIfAny();
            }

            var c = await db.Cases.FirstAsync(x => x.Id == rating.CaseId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            rating.RatedAt = now;
            rating.Rating = value;
            rating.Comment = request.Comment?.Trim();
            // The case counts the least satisfied rating its parties gave.
            c.Rating = c.Rating is { } earlier && earlier > value!.Value ? earlier : value;
            if (value == Rating.Dissatisfied && c.Status is CaseStatus.AwaitingRating or CaseStatus.Closed)
            {
                await lifecycle.MoveAsync(c.Code, CaseAction.Reopen, new CaseFacts { HasReason = true },
                    $"当事人评价“不满意”{(string.IsNullOrWhiteSpace(rating.Comment) ? "" : "：" + rating.Comment)}，案件重新办理。",
                    (moved, at) =>
                    {
                        foreach (var org in new[] { moved.LeadOrgUnitId, moved.ReceivingOrgUnitId }.Where(o => o is not null).Distinct())
                        {
                            db.Notifications.Add(new Notification { RegionCode = moved.RegionCode, OrgUnitId = org, At = at, Kind = "rated_dissatisfied", Text = $"案件 {moved.Code} 当事人评价“不满意”，已重新办理，请跟进。", CaseCode = moved.Code });
                        }

                        return Task.CompletedTask;
                    }, new { rating = value.ToString() }, ct);
            }
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, RegionCode = c.RegionCode, At = now, Kind = "rated", Text = $"当事人评价：{CaseFile.Label(value!.Value)}", ActorName = "当事人" });
                db.Audit("case.rated", "Case", c.Code, new { rating = value.ToString() });
                await db.SaveChangesAsync(ct);
            }

            return CaseFile.Label(value!.Value);
        }

        private async Task RequestRatingsAsync(Case c, DateTime now, CancellationToken ct)
        {
            var parties = await db.CaseParties.Where(p => p.CaseId == c.Id).ToListAsync(ct);
            foreach (var p in parties)
            {
                var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                db.RatingRequests.Add(new RatingRequest { CaseId = c.Id, RegionCode = c.RegionCode, PartyId = p.Id, PartyName = p.Name, Token = token, CreatedAt = now });
                if (p.Phone.HasValue)
                {
                    db.SmsMessages.Add(new SmsMessage { At = now, Phone = p.Phone with { }, Text = $"【和合】您的纠纷（{c.Code}）已调解完毕，请点击链接评价：/rate/{token}", Status = "queued" });
                }
            }
        }

        private async Task<bool> AddToFileAsync(Case c, CaseFileItem item, string? note, DateTime now, CancellationToken ct)
        {
            if (await db.CaseFileEntries.AnyAsync(e => e.CaseId == c.Id && e.Item == item, ct) || db.CaseFileEntries.Local.Any(e => e.CaseId == c.Id && e.Item == item))
            {
                return false;
            }

            db.CaseFileEntries.Add(new CaseFileEntry { CaseId = c.Id, RegionCode = c.RegionCode, Item = item, Note = note?.Trim(), AddedAt = now, AddedByUserId = db.Actor.UserId });
            return true;
        }
    }
}
