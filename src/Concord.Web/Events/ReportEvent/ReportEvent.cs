using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Domain.Identity;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Web.Calendar;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Concord.Web.Events.ReportEvent;

/// <summary>
/// 随手拍上报: an event is reported — by staff (grid worker, 联户长, grid leader, centre clerk)
/// signed in, or on behalf of an outside reporter (a citizen, an Open311 client application) by
/// code that has already authenticated the client. The page, the JSON API, the phone pages and
/// the Open311 intake all call <see cref="Handler.HandleAsync"/>. A retry with the same
/// idempotency key reports once and answers with the first event.
/// </summary>
public static class ReportEvent
{
    /// <summary>
    /// What is reported. <see cref="RegionCode"/> is the grid (or village) where it happened;
    /// the location is coordinates (WGS-84) and/or an address, at least one of them.
    /// <see cref="Channel"/> is optional for staff (default from the role: grid, household-head,
    /// centre; a clerk may say 12345 or citizen when taking a call).
    /// </summary>
    public sealed record Request(
        string? ItemCode,
        string? Text,
        string? RegionCode,
        double? Latitude = null,
        double? Longitude = null,
        string? Address = null,
        string? Channel = null,
        List<PhotoJson>? Photos = null);

    /// <summary>A photo inside a JSON request: file name and base64 content.</summary>
    public sealed record PhotoJson(string? FileName, string? ContentBase64);

    /// <summary>
    /// An outside reporter, when the caller is not a signed-in staff member: a citizen, or an
    /// Open311 client (<see cref="ClientId"/> = the registered application). Contact details
    /// are stored protected and shown masked.
    /// </summary>
    public sealed record OutsideReporter(EventChannel Channel, string? ClientId, string? Name, string? Phone, string? Email);

    public sealed record Result(long Id, string Code, bool Replayed);

    public sealed class Handler(ConcordDb db, RawReads reads, BatchWriter writer, PersonalData personalData, EventPhotoFiles photoFiles, CalendarService calendar, TimeProvider clock, IMemoryCache cache, InFlightKeys inFlight)
    {
        /// <summary>
        /// Reports an event. Staff: the signed-in actor must hold <see cref="Permission.EventsReport"/>
        /// and see the place. Outside reporters: pass <paramref name="outside"/>; the actor (e.g.
        /// <c>Actor.System(region)</c> for an Open311 client) must see the place. Photos come as
        /// <paramref name="photos"/> (uploads) and/or base64 in the request.
        /// </summary>
        public async Task<Result> HandleAsync(Request request, string? idempotencyKey, IReadOnlyList<PhotoUpload>? photos = null, OutsideReporter? outside = null, CancellationToken ct = default)
        {
            var actor = db.Actor;
            if (outside is null && !actor.Can(Permission.EventsReport))
            {
                throw new DomainException("role_may_not", "您的角色不能上报事件。", 403);
            }

            var errors = new FieldErrors();
            var item = EventTaxonomy.FindItem(request.ItemCode);
            if (item is null)
            {
                errors.Add("itemCode", "请选择事件类别。");
            }

            var text = Clean(request.Text);
            if (text is null)
            {
                errors.Add("text", "请描述事件情况。");
            }
            else if (text.Length > 4000)
            {
                errors.Add("text", "事件描述不能超过 4000 个字。");
            }

            var address = Clean(request.Address);
            if (address is { Length: > 200 })
            {
                errors.Add("address", "地址不能超过 200 个字。");
            }

            if (request.Latitude.HasValue != request.Longitude.HasValue)
            {
                errors.Add("latitude", "经纬度须同时提供。");
            }
            else if (request.Latitude is { } lat && request.Longitude is { } lon && !Geo.IsValid(lat, lon))
            {
                errors.Add("latitude", "经纬度不正确。");
            }
            else if (request.Latitude is null && address is null)
            {
                errors.Add("address", "请提供事件位置（定位或地址）。");
            }

            var channel = ChannelOf(request.Channel, actor, outside, errors);
            var region = await FindRegionAsync(request.RegionCode, ct);
            if (region is null || !actor.Sees(region.Code))
            {
                errors.Add("regionCode", region is null ? "请选择事件发生的网格或村（社区）。" : "该网格或村（社区）不在您的管辖范围内。");
            }

            var all = (photos ?? []).Concat(DecodePhotos(request.Photos, errors)).ToList();
            var checkedPhotos = EventPhotoFiles.Check(all, errors);
            if (outside is not null)
            {
                if (outside.Phone is { Length: > 0 } phone && !Phone.IsValid(phone))
                {
                    errors.Add("phone", "联系电话应为 11 位手机号或带区号的固定电话。");
                }

                if (outside.Email is { Length: > 100 })
                {
                    errors.Add("email", "电子邮箱不能超过 100 个字符。");
                }

                if (outside.Name is { Length: > 50 })
                {
                    errors.Add("name", "姓名不能超过 50 个字。");
                }
            }

            errors.ThrowIfAny();
            var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
            if (key is { Length: > 100 })
            {
                throw new DomainException("idempotency_key_too_long", "Idempotency-Key 不能超过 100 个字符。");
            }

            var scope = actor.UserId is { } uid ? $"u:{uid}" : outside?.ClientId is { Length: > 0 } client ? $"c:{client}" : null;
            if (scope is null)
            {
                key = null;
            }

            var requestHash = key is null ? null : Hash(request, checkedPhotos, outside);
            var phoneValue = outside is null ? ProtectedValue.None : personalData.ProtectPhone(outside.Phone);
            var emailValue = outside?.Email is { Length: > 0 } email ? personalData.ProtectAddress(email) with { Digest = null } : ProtectedValue.None;

            // Content-addressed: written before the database write; a failed or replayed report
            // leaves at most a file that a retry reuses.
            await photoFiles.WriteAsync(checkedPhotos, ct);

            // Retries are rare: the key is claimed and looked up here, off the single writer (see InFlightKeys).
            using var claim = key is null ? null : await inFlight.ClaimAsync($"event|{scope}|{key}", ct);
            if (key is not null && await FindEarlierAsync(scope!, key, ct) is { } found)
            {
                return found.RequestHash == requestHash
                    ? new Result(found.Id, found.Code, Replayed: true)
                    : throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一次不同的上报。", 422);
            }

            // Everything that needs no database is prepared here, on the request thread, so the
            // single writer only numbers the event and writes plain rows (docs/decisions/0006).
            var now = clock.GetUtcNow().UtcDateTime;
            var county = region!.Code[..RegionCode.LengthOf(RegionLevel.County)];
            var reporterName = outside is null ? actor.Name : Clean(outside.Name) ?? EventChannels.Label(channel);
            var maskedReporter = outside is null ? actor.Name : PersonName.Mask(reporterName);
            var reportedText = $"{EventChannels.Label(channel)}：{EventTaxonomy.PathOf(item!.Code)}，{region.Name}{(address is null ? "" : "，" + address)}"
                + (checkedPhotos.Count == 0 ? "。" : $"，现场照片 {checkedPhotos.Count} 张。");

            // The grid handles or escalates within 1 working day (same ladder as cases).
            var sla = Sla.Start(SlaStage.Acceptance, now, calendar.Current);
            var auditChanges = JsonSerializer.Serialize(new
            {
                ItemCode = item.Code,
                channel = EventChannels.Code(channel),
                RegionCode = region.Code,
                request.Latitude,
                request.Longitude,
                Address = address,
                reporter = maskedReporter,
                clientId = outside?.ClientId,
                phone = phoneValue.Masked,
                photos = checkedPhotos.Select(p => p.Sha256),
            }, AuditJson.Options);

            var runs = 0;
            return await writer.WriteAsync(actor, async (w, token) =>
            {
                var part = w.Part<ReportBatch>();
                var rerun = runs++ > 0;
                if (key is not null)
                {
                    var earlier = part.Keys.GetValueOrDefault((scope!, key))
                        ?? (rerun
                            ? await w.Db.GridEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.IdempotencyScope == scope && e.IdempotencyKey == key)
                                .Select(e => new ReportBatch.KeyUse(e.RequestHash, e.Id, e.Code)).FirstOrDefaultAsync(token)
                            : null);
                    if (earlier is not null)
                    {
                        return earlier.RequestHash == requestHash
                            ? new Result(earlier.Id, earlier.Code, Replayed: true)
                            : throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一次不同的上报。", 422);
                    }
                }

                var id = await w.NextIdAsync<GridEvent>(token);
                var code = EventCode.Format(county, now.Year, await part.NextSequenceAsync(w, county, now.Year, token));
                var e = new GridEvent
                {
                    Id = id,
                    Code = code,
                    RegionCode = region.Code,
                    ItemCode = item.Code,
                    Text = text!,
                    Latitude = request.Latitude,
                    Longitude = request.Longitude,
                    Address = address,
                    AddressKey = address is null ? null : AddressKey(address),
                    Channel = channel,
                    Status = EventStatus.Reported,
                    ReporterUserId = outside is null ? actor.UserId : null,
                    ReporterOrgUnitId = outside is null ? actor.OrgUnitId : null,
                    ReporterName = reporterName,
                    ClientId = outside?.ClientId,
                    ReporterPhone = phoneValue,
                    ReporterEmail = emailValue,
                    ReportedAt = now,
                    UpdatedAt = now,
                    DueAt = sla.DueAt,
                    IdempotencyScope = key is null ? null : scope,
                    IdempotencyKey = key,
                    RequestHash = requestHash,
                };

                // Plain rows, parents first; RowWriter checks each row's place against the actor.
                w.Rows.Add(e);
                foreach (var p in checkedPhotos)
                {
                    w.Rows.Add(EventPhotoFiles.ToRow(p, e, PhotoPurpose.Report, actor.UserId, now));
                }

                w.Rows.Add(new EventEntry
                {
                    EventId = id,
                    RegionCode = e.RegionCode,
                    At = now,
                    Kind = "reported",
                    Text = reportedText,
                    ActorName = maskedReporter,
                    ActorOrgName = outside is null ? actor.OrgName : outside.ClientId,
                });
                var deadline = new EventDeadline { EventId = id, RegionCode = e.RegionCode, Stage = SlaStage.Acceptance, StartedAt = now };
                deadline.Apply(sla);
                w.Rows.Add(deadline);
                if (key is not null)
                {
                    part.Keys[(scope!, key)] = new ReportBatch.KeyUse(requestHash, id, code);
                }

                w.Audit("event.reported", nameof(GridEvent), code, auditChanges);
                return new Result(id, code, Replayed: false);
            }, ct);
        }

        private static EventChannel ChannelOf(string? requested, Actor actor, OutsideReporter? outside, FieldErrors errors)
        {
            if (outside is not null)
            {
                return outside.Channel;
            }

            var byRole = actor.Role switch
            {
                Role.HouseholdHead => EventChannel.HouseholdHead,
                Role.GridWorker or Role.GridLeader => EventChannel.Grid,
                _ => EventChannel.Centre,
            };
            if (string.IsNullOrWhiteSpace(requested))
            {
                return byRole;
            }

            // Only the centre takes reports for others (a 12345 call, a citizen at the window).
            if (!EventChannels.TryParse(requested, out var channel)
                || (channel != byRole && !(byRole == EventChannel.Centre && channel is EventChannel.Hotline12345 or EventChannel.Citizen)))
            {
                errors.Add("channel", "上报渠道不正确。");
            }

            return channel;
        }

        private static IEnumerable<PhotoUpload> DecodePhotos(List<PhotoJson>? photos, FieldErrors errors)
        {
            var result = new List<PhotoUpload>();
            foreach (var (p, i) in (photos ?? []).Select((p, i) => (p, i)))
            {
                try
                {
                    result.Add(new PhotoUpload(p.FileName, Convert.FromBase64String(p.ContentBase64 ?? "")));
                }
                catch (FormatException)
                {
                    errors.Add("photos", $"第 {i + 1} 张照片不是有效的 base64 内容。");
                }
            }

            return result;
        }

        private static string Hash(Request request, List<CheckedPhoto> photos, OutsideReporter? outside)
        {
            var canonical = string.Join("\u001f", request.ItemCode, request.Text, request.RegionCode, request.Latitude, request.Longitude, request.Address, request.Channel,
                outside?.Name, outside?.Phone, outside?.Email, string.Join(",", photos.Select(p => p.Sha256)));
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }

        private sealed record Earlier(string? RequestHash, long Id, string Code);

        /// <summary>
        /// The event an earlier use of the key reported, by the key's own scope (the reporter's): plain
        /// SQL on a raw-read connection (<see cref="RawReads"/>), since a report is a quarter of the
        /// grid's requests and through EF this one lookup cost more than staging the write.
        /// </summary>
        private async Task<Earlier?> FindEarlierAsync(string scope, string key, CancellationToken ct)
        {
            var args = new RawReads.Args(db.Actor);
            var sql = $"SELECT request_hash, id, code FROM grid_events WHERE idempotency_scope = {args.Add("@scope", scope)} AND idempotency_key = {args.Add("@key", key)}";
            await using var lease = await reads.RentAsync(ct);
            var cmd = await lease.CommandAsync(sql, args, ct);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct) ? new Earlier(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1), r.GetString(2)) : null;
        }

        /// <summary>Places are looked up all day and rarely change: found ones are cached for a few minutes.</summary>
        private async Task<Region?> FindRegionAsync(string? code, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return null;
            }

            if (!cache.TryGetValue((typeof(Region), code), out Region? region))
            {
                region = await db.Regions.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
                if (region is null)
                {
                    return null;
                }

                cache.Set((typeof(Region), code), region, TimeSpan.FromMinutes(5));
            }

            return region is { Level: RegionLevel.Grid or RegionLevel.Village } ? region : null;
        }
    }

    /// <summary>
    /// What reporting keeps per group-commit batch: the event-code counters (a batch holds
    /// reports from many counties: the first miss loads the year's counters of all counties in
    /// one read; each is stored once) and the idempotency keys used so far in the batch.
    /// </summary>
    private sealed class ReportBatch : IBatchPart
    {
        public sealed record KeyUse(string? RequestHash, long Id, string Code);

        private readonly Dictionary<(string County, int Year), (long Next, bool Stored)> _sequences = [];
        private readonly HashSet<int> _loadedYears = [];
        private readonly HashSet<(string County, int Year)> _used = [];

        public Dictionary<(string Scope, string Key), KeyUse> Keys { get; } = [];

        /// <summary>Codes are unique under concurrency: only the writer hands them out, inside the write lock.</summary>
        public async ValueTask<long> NextSequenceAsync(Batch batch, string county, int year, CancellationToken ct)
        {
            if (!_sequences.TryGetValue((county, year), out var seq) && _loadedYears.Add(year))
            {
                var read = await batch.Prepared.GetAsync(batch.Db, "SELECT county_code, next FROM event_sequences WHERE year = @year", ["@year"], null, ct);
                read.Parameters[0].Value = year;
                await using (var reader = await read.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        _sequences[(reader.GetString(0), year)] = (reader.GetInt64(1), true);
                    }
                }

                await DisposeUnlessCachedAsync(batch, read);
                _sequences.TryGetValue((county, year), out seq);
            }

            if (seq.Next == 0)
            {
                seq = (1, false);
            }

            _sequences[(county, year)] = (seq.Next + 1, seq.Stored);
            _used.Add((county, year));
            return seq.Next;
        }

        public async Task FlushAsync(Batch batch, CancellationToken ct)
        {
            if (batch.Db.IsPostgres)
            {
                await FlushPostgresAsync(batch, ct);
                return;
            }

            foreach (var ((county, year), (next, stored)) in _sequences)
            {
                if (!_used.Contains((county, year)))
                {
                    continue;
                }

                var write = await batch.Prepared.GetAsync(batch.Db, stored
                    ? "UPDATE event_sequences SET next = @next WHERE county_code = @county AND year = @year"
                    : "INSERT INTO event_sequences (county_code, year, next) VALUES (@county, @year, @next)", ["@county", "@year", "@next"], null, ct);
                write.Parameters[0].Value = county;
                write.Parameters[1].Value = year;
                write.Parameters[2].Value = next;
                await write.ExecuteNonQueryAsync(ct);
                await DisposeUnlessCachedAsync(batch, write);
            }
        }

        /// <summary>
        /// PostgreSQL: all counters the batch moved in one statement (a batch holds reports from many
        /// counties, and a round trip each cost more than the rows they number).
        /// </summary>
        private async Task FlushPostgresAsync(Batch batch, CancellationToken ct)
        {
            var used = _sequences.Where(s => _used.Contains(s.Key)).ToList();
            if (used.Count == 0)
            {
                return;
            }

            var upsert = await batch.Prepared.GetAsync(batch.Db,
                "INSERT INTO event_sequences (county_code, year, next) SELECT * FROM unnest(@counties, @years, @nexts) ON CONFLICT (county_code, year) DO UPDATE SET next = excluded.next",
                ["@counties", "@years", "@nexts"], null, ct);
            upsert.Parameters[0].Value = used.Select(s => s.Key.County).ToArray();
            upsert.Parameters[1].Value = used.Select(s => s.Key.Year).ToArray();
            upsert.Parameters[2].Value = used.Select(s => s.Value.Next).ToArray();
            await upsert.ExecuteNonQueryAsync(ct);
            await DisposeUnlessCachedAsync(batch, upsert);
        }

        private static async ValueTask DisposeUnlessCachedAsync(Batch batch, System.Data.Common.DbCommand cmd)
        {
            if (!batch.Prepared.IsCached(cmd))
            {
                await cmd.DisposeAsync();
            }
        }
    }

    /// <summary>The address as the duplicate check compares it: letters and digits only, lower case.</summary>
    public static string AddressKey(string address) => PersonalData.NormalizeAddress(address);

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
