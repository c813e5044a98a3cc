using System.Security.Cryptography;
using System.Text.Json;
using Concord.Domain.Privacy;
using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.LogVisit;

/// <summary>
/// 走访登记: a grid worker, grid leader or 联户长 logs a visit to a household of their subtree. The
/// household's <see cref="HouseholdVisitState.LastVisitedAt"/> moves in the same transaction.
/// Phones retry on flaky networks, so an Idempotency-Key makes a retry return the first visit.
/// </summary>
public static class LogVisit
{
    /// <summary>Visits reach the server late when a phone was offline: up to this long after the fact.</summary>
    public static readonly TimeSpan LateLimit = TimeSpan.FromDays(7);

    /// <summary>Phone clocks run a little fast.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    public sealed record Request(
        long? HouseholdId,
        string? Kind,
        DateTimeOffset? VisitedAt,
        double? Latitude,
        double? Longitude,
        double? Accuracy,
        string? Findings,
        bool? FollowUpNeeded,
        string? FollowUpNote);

    public sealed record Result(long Id, long HouseholdId, DateTime VisitedAt, bool Replayed);

    public sealed class Handler(ConcordDb db, BatchWriter writer, TimeProvider clock, InFlightKeys inFlight)
    {
        public async Task<Result> HandleAsync(Request request, string? idempotencyKey, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var now = clock.GetUtcNow().UtcDateTime;
            var (kind, visitedAt) = Validate(request, now);

            // Outside the actor's subtree the household does not exist (404), and the database's
            // write check refuses it again on save.
            var household = await db.Households.AsNoTracking().Where(h => h.Id == request.HouseholdId)
                .Select(h => new { h.Id, h.RegionCode, h.Address }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("该户");

            var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
            if (key is { Length: > 100 })
            {
                throw new DomainException("idempotency_key_too_long", "Idempotency-Key 不能超过 100 个字符。");
            }

            var requestHash = key is null ? "" : Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
            var reference = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var findings = request.Findings!.Trim();
            var followUp = request.FollowUpNeeded == true;
            var followUpNote = followUp ? request.FollowUpNote!.Trim() : null;

            // Retries are rare: the key is looked up here, off the single writer (see InFlightKeys).
            IDisposable? claim = null;
            while (key is not null && actor.UserId is { } user && claim is null)
            {
                if (await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == user && r.Key == key, ct) is { } found)
                {
                    if (found.RequestHash != requestHash)
                    {
                        throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一条不同的走访记录。", 422);
                    }

                    var first = await db.Visits.AsNoTracking().FirstAsync(v => v.Reference == found.ResultKey, ct);
                    return new Result(first.Id, first.HouseholdId, first.VisitedAt, Replayed: true);
                }

                claim = await inFlight.TryClaimAsync($"idem|{user}|{key}", ct);
            }

            using var claimed = claim;
            var runs = 0;
            var result = await writer.WriteAsync<Func<Result>>(actor, async (w, token) =>
            {
                var rerun = runs++ > 0;
                if (key is not null && actor.UserId is { } userId)
                {
                    var earlier = w.Db.IdempotencyRecords.Local.FirstOrDefault(r => r.UserId == userId && r.Key == key)
                        ?? (rerun ? await w.Db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, token) : null);
                    if (earlier is not null)
                    {
                        if (earlier.RequestHash != requestHash)
                        {
                            throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一条不同的走访记录。", 422);
                        }

                        var first = w.Db.Visits.Local.FirstOrDefault(v => v.Reference == earlier.ResultKey)
                            ?? await w.Db.Visits.AsNoTracking().FirstAsync(v => v.Reference == earlier.ResultKey, token);
                        return () => new Result(first.Id, first.HouseholdId, first.VisitedAt, Replayed: true);
                    }
                }

                var visit = new Visit
                {
                    Reference = reference,
                    HouseholdId = household.Id,
                    RegionCode = household.RegionCode,
                    Kind = kind,
                    VisitedAt = visitedAt,
                    Latitude = request.Latitude,
                    Longitude = request.Longitude,
                    AccuracyMeters = request.Latitude is null ? null : request.Accuracy,
                    Findings = findings,
                    FollowUpNeeded = followUp,
                    FollowUpNote = followUpNote,
                    VisitorUserId = actor.UserId,
                    VisitorName = actor.Name,
                    VisitorRole = actor.Role,
                    RecordedAt = now,
                };
                w.Db.Visits.Add(visit);

                // FindAsync sees a state added earlier in the same batch too.
                var state = await w.Db.HouseholdVisitStates.FindAsync([household.Id], token);
                if (state is null)
                {
                    w.Db.HouseholdVisitStates.Add(new HouseholdVisitState { HouseholdId = household.Id, RegionCode = household.RegionCode, LastVisitedAt = visitedAt });
                }
                else if (state.LastVisitedAt is null || state.LastVisitedAt < visitedAt)
                {
                    // A visit sent late from an offline phone never moves the household backwards.
                    state.LastVisitedAt = visitedAt;
                }

                if (key is not null && actor.UserId is { } uid)
                {
                    w.Db.IdempotencyRecords.Add(new IdempotencyRecord { UserId = uid, Key = key, RequestHash = requestHash, ResultKey = reference, CreatedAt = now });
                }

                w.Db.Audit("visit.logged", "Household", household.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new
                {
                    kind = VisitKinds.Code(kind),
                    visitedAt,
                    household.RegionCode,
                    address = household.Address.Masked,
                    located = request.Latitude is not null,
                    findings = findings.Length <= 20 ? findings : findings[..20] + "…",
                    followUpNeeded = followUp,
                    visitor = PersonName.Mask(actor.Name),
                });
                return () => new Result(visit.Id, visit.HouseholdId, visit.VisitedAt, Replayed: false);
            }, ct);
            return result();
        }

        private static (VisitKind Kind, DateTime VisitedAt) Validate(Request r, DateTime now)
        {
            var errors = new FieldErrors();
            if (r.HouseholdId is null or <= 0)
            {
                errors.Add("householdId", "请选择走访的户。");
            }

            if (!VisitKinds.TryParse(r.Kind, out var kind))
            {
                errors.Add("kind", "请选择走访类型（日基本走访或周重点走访）。");
            }

            var visitedAt = r.VisitedAt?.UtcDateTime ?? now;
            if (visitedAt > now + ClockSkew)
            {
                errors.Add("visitedAt", "走访时间不能晚于当前时间。");
            }
            else if (visitedAt < now - LateLimit)
            {
                errors.Add("visitedAt", "只能补录 7 天以内的走访。");
            }

            if ((r.Latitude is null) != (r.Longitude is null))
            {
                errors.Add("latitude", "经度和纬度须同时提供。");
            }
            else if (r.Latitude is { } lat && r.Longitude is { } lon)
            {
                if (double.IsNaN(lat) || lat is < -90 or > 90)
                {
                    errors.Add("latitude", "纬度应在 -90 到 90 之间。");
                }

                if (double.IsNaN(lon) || lon is < -180 or > 180)
                {
                    errors.Add("longitude", "经度应在 -180 到 180 之间。");
                }
            }

            if (r.Accuracy is { } accuracy && (double.IsNaN(accuracy) || accuracy < 0 || accuracy > 100_000))
            {
                errors.Add("accuracy", "定位精度应在 0 到 100000 米之间。");
            }

            if (string.IsNullOrWhiteSpace(r.Findings))
            {
                errors.Add("findings", "请填写走访情况。");
            }
            else if (r.Findings.Trim().Length > 2000)
            {
                errors.Add("findings", "走访情况不能超过 2000 个字。");
            }

            if (r.FollowUpNeeded == true)
            {
                if (string.IsNullOrWhiteSpace(r.FollowUpNote))
                {
                    errors.Add("followUpNote", "勾选了“发现问题”，请简要写明发现的问题。");
                }
                else if (r.FollowUpNote.Trim().Length > 500)
                {
                    errors.Add("followUpNote", "发现的问题不能超过 500 个字。");
                }
            }

            errors.ThrowIfAny();
            return (kind, DateTime.SpecifyKind(visitedAt, DateTimeKind.Utc));
        }
    }
}
