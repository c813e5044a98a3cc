using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Concord.Domain.Privacy;
using Concord.Domain.Visits;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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

    public sealed class Handler(ConcordDb db, RawReads reads, BatchWriter writer, TimeProvider clock, InFlightKeys inFlight)
    {
        public async Task<Result> HandleAsync(Request request, string? idempotencyKey, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var now = clock.GetUtcNow().UtcDateTime;
            var (kind, visitedAt) = Validate(request, now);

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

            // Retries are rare: the key is claimed and looked up here, off the single writer (see InFlightKeys).
            var user = key is null ? null : actor.UserId;
            using var claim = user is null ? null : await inFlight.ClaimAsync($"idem|{user}|{key}", ct);
            var (household, earlier) = await ReadHouseholdAsync(actor, request.HouseholdId!.Value, user, key, ct);

            // Outside the actor's subtree the household does not exist (404), and the writer's scope
            // check refuses it again.
            if (household is null)
            {
                throw new NotFoundException("该户");
            }

            if (earlier is { } found)
            {
                if (found.RequestHash != requestHash)
                {
                    throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一条不同的走访记录。", 422);
                }

                var first = await db.Visits.AsNoTracking().FirstAsync(v => v.Reference == found.ResultKey, ct);
                return new Result(first.Id, first.HouseholdId, first.VisitedAt, Replayed: true);
            }

            // Prepared on the request thread, so the single writer only writes plain rows.
            var householdId = household.Id.ToString(CultureInfo.InvariantCulture);
            var auditChanges = JsonSerializer.Serialize(new
            {
                kind = VisitKinds.Code(kind),
                visitedAt,
                household.RegionCode,
                address = household.AddressMasked,
                located = request.Latitude is not null,
                findings = findings.Length <= 20 ? findings : findings[..20] + "…",
                followUpNeeded = followUp,
                visitor = PersonName.Mask(actor.Name),
            }, AuditJson.Options);

            var runs = 0;
            return await writer.WriteAsync(actor, async (w, token) =>
            {
                var part = w.Part<VisitBatch>();
                var rerun = runs++ > 0;
                if (key is not null && actor.UserId is { } userId)
                {
                    var earlier = part.Keys.GetValueOrDefault((userId, key))
                        ?? (rerun ? await FindEarlierAsync(w.Db, userId, key, token) : null);
                    if (earlier is not null)
                    {
                        return earlier.RequestHash == requestHash
                            ? earlier.Result with { Replayed = true }
                            : throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一条不同的走访记录。", 422);
                    }
                }

                var id = await w.NextIdAsync<Visit>(token);

                // RowWriter checks the visit's place against the actor; the household's state row
                // lies in the same place.
                w.Rows.Add(new Visit
                {
                    Id = id,
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
                });
                part.Visited(household.Id, household.RegionCode, visitedAt);
                var result = new Result(id, household.Id, visitedAt, Replayed: false);
                if (key is not null && actor.UserId is { } uid)
                {
                    w.Rows.Add(new IdempotencyRecord { UserId = uid, Key = key, RequestHash = requestHash, ResultKey = reference, CreatedAt = now });
                    part.Keys[(uid, key)] = new VisitBatch.KeyUse(requestHash, result);
                }

                w.Audit("visit.logged", "Household", householdId, auditChanges);
                return result;
            }, ct);
        }

        private sealed record HouseholdRow(long Id, string RegionCode, string? AddressMasked);

        private sealed record KeyRecord(string RequestHash, string ResultKey);

        /// <summary>
        /// The household, if the actor's scope holds it, and the earlier use of the key: one round trip
        /// of plain SQL on a raw-read connection (<see cref="RawReads"/>) — a visit is a quarter of the
        /// grid's requests, and through EF these two lookups cost more than the write itself.
        /// </summary>
        private async Task<(HouseholdRow? Household, KeyRecord? Earlier)> ReadHouseholdAsync(Actor actor, long householdId, long? user, string? key, CancellationToken ct)
        {
            var args = new RawReads.Args(actor);
            var sql = $"SELECT id, region_code, address_masked FROM households WHERE {RawReads.ScopeSql("region_code")} AND id = {args.Add("@household", householdId)}";
            if (user is not null)
            {
                sql += $";\nSELECT request_hash, result_key FROM idempotency_records WHERE user_id = {args.Add("@user", user)} AND key = {args.Add("@key", key)}";
            }

            await using var lease = await reads.RentAsync(ct);
            var cmd = await lease.CommandAsync(sql, args, ct);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var household = await r.ReadAsync(ct) ? new HouseholdRow(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)) : null;
            KeyRecord? earlier = null;
            if (user is not null && await r.NextResultAsync(ct) && await r.ReadAsync(ct))
            {
                earlier = new KeyRecord(r.GetString(0), r.GetString(1));
            }

            return (household, earlier);
        }

        private static async Task<VisitBatch.KeyUse?> FindEarlierAsync(ConcordDb db, long userId, string key, CancellationToken ct)
        {
            var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
            if (record is null)
            {
                return null;
            }

            var first = await db.Visits.AsNoTracking().FirstAsync(v => v.Reference == record.ResultKey, ct);
            return new VisitBatch.KeyUse(record.RequestHash, new Result(first.Id, first.HouseholdId, first.VisitedAt, Replayed: true));
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
    /// <summary>
    /// What logging visits keeps per group-commit batch: the idempotency keys used so far, and
    /// the latest visit per household, written as one upsert per household at the end of the
    /// batch — on PostgreSQL all of them in one statement — (no read: the database keeps the later of the stored and the new time, so a visit
    /// sent late from an offline phone never moves the household backwards).
    /// </summary>
    private sealed class VisitBatch : IBatchPart
    {
        public sealed record KeyUse(string RequestHash, Result Result);

        private readonly Dictionary<long, (string RegionCode, DateTime VisitedAt)> _latest = [];

        public Dictionary<(long UserId, string Key), KeyUse> Keys { get; } = [];

        public void Visited(long householdId, string regionCode, DateTime visitedAt)
        {
            if (!_latest.TryGetValue(householdId, out var known) || known.VisitedAt < visitedAt)
            {
                _latest[householdId] = (regionCode, visitedAt);
            }
        }

        public async Task FlushAsync(Batch batch, CancellationToken ct)
        {
            if (_latest.Count == 0)
            {
                return;
            }

            var at = batch.Db.Model.FindEntityType(typeof(HouseholdVisitState))!.FindProperty(nameof(HouseholdVisitState.LastVisitedAt))!;
            var mapping = (RelationalTypeMapping)at.GetTypeMapping();
            if (batch.Db.IsPostgres)
            {
                await FlushPostgresAsync(batch, mapping, ct);
                return;
            }

            var upsert = await batch.Prepared.GetAsync(batch.Db,
                """
                INSERT INTO "household_visit_states" ("household_id", "region_code", "last_visited_at", "key") VALUES (@household, @region, @at, @key)
                ON CONFLICT ("household_id") DO UPDATE SET "last_visited_at" = excluded."last_visited_at"
                WHERE "household_visit_states"."last_visited_at" IS NULL OR "household_visit_states"."last_visited_at" < excluded."last_visited_at"
                """,
                ["@household", "@region", "@at", "@key"],
                (cmd, name, i) =>
                {
                    if (i == 2)
                    {
                        return mapping.CreateParameter(cmd, name, null, nullable: true);
                    }

                    var p = cmd.CreateParameter();
                    p.ParameterName = name;
                    return p;
                },
                ct);
            try
            {
                // SQLite runs in-process: a prepared statement per household costs a bind and a step.
                foreach (var (householdId, (regionCode, visitedAt)) in _latest)
                {
                    upsert.Parameters[0].Value = householdId;
                    upsert.Parameters[1].Value = regionCode;
                    upsert.Parameters[2].Value = mapping.Converter?.ConvertToProvider(visitedAt) ?? visitedAt;
                    upsert.Parameters[3].Value = false;
                    await upsert.ExecuteNonQueryAsync(ct);
                }
            }
            finally
            {
                if (!batch.Prepared.IsCached(upsert))
                {
                    await upsert.DisposeAsync();
                }
            }
        }

        /// <summary>PostgreSQL: every household of the batch in one upsert (a round trip each cost more than the rows).</summary>
        private async Task FlushPostgresAsync(Batch batch, RelationalTypeMapping mapping, CancellationToken ct)
        {
            var upsert = await batch.Prepared.GetAsync(batch.Db,
                """
                INSERT INTO household_visit_states (household_id, region_code, last_visited_at, key)
                SELECT v.household_id, v.region_code, v.at, false FROM unnest(@households, @regions, @ats) AS v(household_id, region_code, at)
                ON CONFLICT (household_id) DO UPDATE SET last_visited_at = excluded.last_visited_at
                WHERE household_visit_states.last_visited_at IS NULL OR household_visit_states.last_visited_at < excluded.last_visited_at
                """,
                ["@households", "@regions", "@ats"], null, ct);
            upsert.Parameters[0].Value = _latest.Keys.ToArray();
            upsert.Parameters[1].Value = _latest.Values.Select(v => v.RegionCode).ToArray();
            upsert.Parameters[2].Value = _latest.Values.Select(v => (DateTime)(mapping.Converter?.ConvertToProvider(v.VisitedAt) ?? v.VisitedAt)).ToArray();
            await upsert.ExecuteNonQueryAsync(ct);
            if (!batch.Prepared.IsCached(upsert))
            {
                await upsert.DisposeAsync();
            }
        }
    }
}
