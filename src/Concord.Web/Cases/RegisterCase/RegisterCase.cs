using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Concord.Domain.Cases;
using Concord.Domain.Deadlines;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Triage;
using Concord.Web.Calendar;
using Concord.Web.Deadlines;
using Concord.Web.Persistence;
using Concord.Web.Regions;
using Concord.Web.Shared;
using Concord.Web.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Concord.Web.Cases.RegisterCase;

/// <summary>一窗受理: a clerk (or grid worker) registers a dispute. The page and the API both call <see cref="Handler"/>.</summary>
public static class RegisterCase
{
    public sealed record PartyInput(string? Role, string? Kind, string? Name, string? IdNumber, string? Phone);

    public sealed record Request(
        string? Channel,
        string? CategoryCode,
        string? Summary,
        string? Narrative,
        string? VillageCode,
        string? GridCode,
        long? AmountFen,
        int? PeopleInvolved,
        List<PartyInput>? Parties,
        string? Address = null);

    public sealed record Result(long Id, string Code, bool Replayed);

    private sealed record ValidParty(PartyRole Role, PartyKind Kind, string Name, string? IdNumber, string? Phone);

    public sealed class Handler(ConcordDb db, BatchWriter writer, PersonalData personalData, IntakeTriage triage, CalendarService calendar, TimeProvider clock, IMemoryCache cache)
    {
        public async Task<Result> HandleAsync(Request request, string? idempotencyKey, CancellationToken ct = default)
        {
            var actor = db.Actor;
            var (channel, parties) = Validate(request);
            var errors = new FieldErrors();

            // Names and parents of places are not secret; whether the actor may file there is
            // decided on the case's own place below (and again by the database's write check).
            var village = await FindRegionAsync(request.VillageCode, RegionLevel.Village, ct);
            Region? grid = null;
            if (!string.IsNullOrWhiteSpace(request.GridCode))
            {
                grid = await FindRegionAsync(request.GridCode, RegionLevel.Grid, ct);
                if (grid is null || village is null || grid.ParentCode != village.Code)
                {
                    errors.Add("gridCode", "网格不属于所选村（社区）。");
                }
            }

            if (village is null || (!actor.Sees(village.Code) && !IsBelow(actor, village.Code)))
            {
                errors.Add("villageCode", "未找到该村（社区），或不在您的管辖范围内。");
            }
            else if (!actor.Sees(grid?.Code ?? village.Code))
            {
                errors.Add("gridCode", grid is null ? "请选择您负责的网格。" : "该网格不在您的管辖范围内。");
            }

            errors.ThrowIfAny();
            var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
            if (key is { Length: > 100 })
            {
                throw new DomainException("idempotency_key_too_long", "Idempotency-Key 不能超过 100 个字符。");
            }

            var requestHash = key is null ? "" : Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
            var protectedParties = parties.Select(p => (p, id: personalData.ProtectIdNumber(p.IdNumber), phone: personalData.ProtectPhone(p.Phone))).ToList();
            var address = personalData.ProtectAddress(request.Address);

            // 分类分级 before the write: the classifier and the repeat/group lookups run on the
            // request thread, so the single writer only writes.
            var assessment = await triage.AssessAsync(request.CategoryCode!, request.Narrative!, request.AmountFen, request.PeopleInvolved,
                [.. protectedParties.Select(x => new IntakeTriage.PartyKeys(x.p.Role, x.p.Kind, x.p.Name, x.id.Digest, x.phone.Digest))],
                address.Digest, ct);
            var risk = assessment.Risk;
            var regionCode = grid?.Code ?? village!.Code;

            // Everything that needs no database is prepared here, on the request thread, so the
            // single writer only decides the code and writes rows (docs/decisions/0006).
            var now = clock.GetUtcNow().UtcDateTime;
            var county = regionCode[..RegionCode.LengthOf(RegionLevel.County)];
            var summary = request.Summary!.Trim();
            var narrative = request.Narrative!.Trim();
            var registeredText = $"{Channels.Label(channel)}登记：{Categories.NameOf(request.CategoryCode!)}纠纷，{village!.Name}{(grid is null ? "" : " " + grid.Name)}。";
            var triageText = assessment.Category.TimelineNote + $"；风险等级：{CaseLabels.Of(risk.Level)}" + (risk.Reasons.Count == 0 ? "" : $"（{string.Join("；", risk.Reasons)}）");
            var stage = risk.Urgent ? SlaStage.SameDay : SlaStage.Acceptance;
            var sla = Sla.Start(stage, now, calendar.Current);
            var document = CaseSearch.DocumentOf(summary, narrative, regionCode);
            var auditChanges = JsonSerializer.Serialize(new
            {
                channel = Channels.Code(channel),
                request.CategoryCode,
                Summary = summary,
                RegionCode = regionCode,
                request.AmountFen,
                request.PeopleInvolved,
                address = address.Masked,
                suggestedCategoryCode = assessment.Category.SuggestedCode,
                riskLevel = risk.Level.ToString(),
                redFlags = risk.RedFlags.Select(f => f.Kind.ToString()),
                parties = protectedParties.Select(x => new
                {
                    role = x.p.Role.ToString(),
                    name = PersonName.Mask(x.p.Name),
                    idNumber = x.id.Masked,
                    phone = x.phone.Masked,
                }),
            }, AuditJson.Options);

            return await writer.WriteAsync(actor, async (batch, token) =>
            {
                var intake = batch.Part<IntakeBatch>();
                if (key is not null && actor.UserId is { } userId)
                {
                    var earlier = intake.Keys.GetValueOrDefault((userId, key))
                        ?? await batch.Db.IdempotencyRecords.AsNoTracking().Where(r => r.UserId == userId && r.Key == key)
                            .Select(r => new IntakeBatch.KeyUse(r.RequestHash, r.ResultKey, null)).FirstOrDefaultAsync(token);
                    if (earlier is not null)
                    {
                        if (earlier.RequestHash != requestHash)
                        {
                            throw new DomainException("idempotency_key_reused", "该 Idempotency-Key 已用于另一份不同的登记。", 422);
                        }

                        var earlierId = earlier.CaseId
                            ?? await batch.Db.Cases.AsNoTracking().Where(c => c.Code == earlier.ResultKey).Select(c => c.Id).FirstAsync(token);
                        return new Result(earlierId, earlier.ResultKey, Replayed: true);
                    }
                }

                var code = CaseCode.Format(county, now.Year, await intake.NextSequenceAsync(batch, county, now.Year, token));
                var id = await batch.NextIdAsync<Case>(token);
                batch.Rows.Add(new Case
                {
                    Id = id,
                    Code = code,
                    RegionCode = regionCode,
                    VillageCode = village.Code,
                    GridCode = grid?.Code,
                    Channel = channel,
                    CategoryCode = request.CategoryCode!,
                    Summary = summary,
                    Narrative = narrative,
                    AmountFen = request.AmountFen,
                    PeopleInvolved = request.PeopleInvolved,
                    Status = CaseStatus.Registered,
                    RiskLevel = risk.Level,
                    Urgent = risk.Urgent,
                    RiskReasons = risk.Reasons.Count == 0 ? null : string.Join("\n", risk.Reasons),
                    RepeatDispute = risk.RedFlags.Any(f => f.Kind == RedFlagKind.Repeat),
                    GroupDispute = risk.RedFlags.Any(f => f.Kind == RedFlagKind.Group),
                    DutyListedAt = risk.Urgent ? now : null,
                    SuggestedCategoryCode = assessment.Category.SuggestedCode,
                    Address = address,
                    ReceivingOrgUnitId = actor.OrgUnitId,
                    RegisteredByUserId = actor.UserId,
                    RegisteredAt = now,
                    UpdatedAt = now,
                });
                foreach (var (p, idNumber, phone) in protectedParties)
                {
                    batch.Rows.Add(new CaseParty { CaseId = id, RegionCode = regionCode, Role = p.Role, Kind = p.Kind, Name = p.Name, IdNumber = idNumber, Phone = phone });
                }

                batch.Rows.Add(new CaseEvent { CaseId = id, RegionCode = regionCode, At = now, Kind = "registered", Text = registeredText, ActorName = actor.Name, ActorOrgName = actor.OrgName });
                batch.Rows.Add(new CaseEvent
                {
                    CaseId = id,
                    RegionCode = regionCode,
                    At = now,
                    Kind = assessment.Category.Overridden ? "category_overridden" : "category_confirmed",
                    Text = triageText,
                    ActorName = actor.Name,
                    ActorOrgName = actor.OrgName,
                });
                foreach (var flag in risk.RedFlags)
                {
                    batch.Rows.Add(new CaseRedFlag
                    {
                        CaseId = id,
                        RegionCode = regionCode,
                        Kind = flag.Kind,
                        Reason = flag.Reason,
                        LinkedCaseCodes = flag.LinkedCaseCodes.Count == 0 ? null : string.Join(",", flag.LinkedCaseCodes),
                        RaisedAt = now,
                    });
                    batch.Rows.Add(new CaseEvent
                    {
                        CaseId = id,
                        RegionCode = regionCode,
                        At = now,
                        Kind = "red_flag",
                        Text = $"红色预警：{flag.Reason}。已列入中心值班台，当日处置。",
                        ActorName = "系统",
                    });
                }

                // 受理 within 1 working day, or the same day when a red flag is up.
                var deadline = new CaseDeadline { CaseId = id, RegionCode = regionCode, Stage = stage, StartedAt = now };
                deadline.Apply(sla);
                batch.Rows.Add(deadline);
                if (key is not null && actor.UserId is { } uid)
                {
                    batch.Rows.Add(new IdempotencyRecord { UserId = uid, Key = key, RequestHash = requestHash, ResultKey = code, CreatedAt = now });
                    intake.Keys[(uid, key)] = new IntakeBatch.KeyUse(requestHash, code, id);
                }

                intake.Documents.Add((id, document));
                batch.Audit("case.registered", "Case", code, auditChanges);
                return new Result(id, code, Replayed: false);
            }, ct);
        }

        /// <summary>
        /// What intake keeps per group-commit batch: the case-code counters (read once, stored
        /// once), the idempotency keys used so far in the batch, and the search documents.
        /// </summary>
        private sealed class IntakeBatch : IBatchPart
        {
            public sealed record KeyUse(string RequestHash, string ResultKey, long? CaseId);

            private readonly Dictionary<(string County, int Year), (long Next, bool Stored)> _sequences = [];

            public Dictionary<(long UserId, string Key), KeyUse> Keys { get; } = [];

            public List<(long CaseId, IReadOnlyList<string> Tokens)> Documents { get; } = [];

            /// <summary>Codes are unique under concurrency: only the writer hands them out, inside the write lock.</summary>
            public async ValueTask<long> NextSequenceAsync(Batch batch, string county, int year, CancellationToken ct)
            {
                if (!_sequences.TryGetValue((county, year), out var seq))
                {
                    var read = await batch.Prepared.GetAsync(batch.Db, "SELECT next FROM case_sequences WHERE county_code = @county AND year = @year", ["@county", "@year"], null, ct);
                    read.Parameters[0].Value = county;
                    read.Parameters[1].Value = year;
                    var stored = await read.ExecuteScalarAsync(ct);
                    await DisposeUnlessCachedAsync(batch, read);
                    seq = stored is null or DBNull ? (1, false) : (Convert.ToInt64(stored, CultureInfo.InvariantCulture), true);
                }

                _sequences[(county, year)] = (seq.Next + 1, seq.Stored);
                return seq.Next;
            }

            public async Task FlushAsync(Batch batch, CancellationToken ct)
            {
                foreach (var ((county, year), (next, stored)) in _sequences)
                {
                    var write = await batch.Prepared.GetAsync(batch.Db, stored
                        ? "UPDATE case_sequences SET next = @next WHERE county_code = @county AND year = @year"
                        : "INSERT INTO case_sequences (county_code, year, next) VALUES (@county, @year, @next)", ["@county", "@year", "@next"], null, ct);
                    write.Parameters[0].Value = county;
                    write.Parameters[1].Value = year;
                    write.Parameters[2].Value = next;
                    await write.ExecuteNonQueryAsync(ct);
                    await DisposeUnlessCachedAsync(batch, write);
                }
            }

            private static async ValueTask DisposeUnlessCachedAsync(Batch batch, System.Data.Common.DbCommand cmd)
            {
                if (!batch.Prepared.IsCached(cmd))
                {
                    await cmd.DisposeAsync();
                }
            }

            public Task AfterRowsAsync(Batch batch, CancellationToken ct) => CaseSearch.WriteDocumentsAsync(batch.Db, Documents, ct, batch.Prepared);
        }

        /// <summary>
        /// Intake looks up the same villages and grids all day and the tree rarely changes, so
        /// found regions are cached for a few minutes (misses are not: a new grid is usable at
        /// once). Scope is checked by the caller on the case's own place.
        /// </summary>
        private async Task<Region?> FindRegionAsync(string? code, RegionLevel level, CancellationToken ct)
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

            return region is not null && region.Level == level ? region : null;
        }

        /// <summary>The actor works inside this place (a grid worker inside a village): a grid is then required.</summary>
        private static bool IsBelow(Actor actor, string code) =>
            actor.ScopeCode is { } scope && scope.Length > code.Length && scope.StartsWith(code, StringComparison.Ordinal);

        private static (Channel Channel, List<ValidParty> Parties) Validate(Request r)
        {
            var errors = new FieldErrors();
            if (!Channels.TryParse(r.Channel, out var channel))
            {
                errors.Add("channel", "请选择受理渠道。");
            }

            if (Categories.Find(r.CategoryCode) is null)
            {
                errors.Add("categoryCode", "请选择纠纷类别。");
            }

            Required(errors, "summary", r.Summary, "事由摘要", 200);
            Required(errors, "narrative", r.Narrative, "纠纷情况", 8000);
            if (r.Address is { Length: > 200 })
            {
                errors.Add("address", "地址不能超过 200 个字。");
            }
            if (string.IsNullOrWhiteSpace(r.VillageCode))
            {
                errors.Add("villageCode", "请选择纠纷发生的村（社区）。");
            }

            if (r.AmountFen is < 0)
            {
                errors.Add("amountFen", "涉及金额不能为负数。");
            }

            if (r.PeopleInvolved is < 1 or > 100_000)
            {
                errors.Add("peopleInvolved", "涉及人数须在 1 到 100000 之间。");
            }

            var parties = new List<ValidParty>();
            var list = r.Parties ?? [];
            if (!list.Any(p => string.Equals(p.Role, "applicant", StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add("parties", "至少需要一名申请人。");
            }

            if (list.Count > 200)
            {
                errors.Add("parties", "当事人不能超过 200 名。");
            }

            for (var i = 0; i < Math.Min(list.Count, 200); i++)
            {
                var p = list[i];
                var prefix = $"parties[{i}]";
                var role = p.Role?.ToLowerInvariant() switch { "applicant" => PartyRole.Applicant, "respondent" => PartyRole.Respondent, _ => (PartyRole?)null };
                var kind = p.Kind?.ToLowerInvariant() switch { "person" => PartyKind.Person, "organisation" or "organization" => PartyKind.Organisation, _ => (PartyKind?)null };
                if (role is null)
                {
                    errors.Add($"{prefix}.role", "请选择申请人或被申请人。");
                }

                if (kind is null)
                {
                    errors.Add($"{prefix}.kind", "请选择自然人或组织。");
                }

                Required(errors, $"{prefix}.name", p.Name, "姓名（名称）", 100);
                if (!string.IsNullOrWhiteSpace(p.IdNumber) && !IdNumber.IsValid(IdNumber.Normalize(p.IdNumber)))
                {
                    errors.Add($"{prefix}.idNumber", "身份证号码格式或校验位不正确。");
                }

                if (!string.IsNullOrWhiteSpace(p.Phone) && !Phone.IsValid(p.Phone))
                {
                    errors.Add($"{prefix}.phone", "联系电话应为 11 位手机号或带区号的固定电话。");
                }

                if (role is not null && kind is not null && !string.IsNullOrWhiteSpace(p.Name))
                {
                    parties.Add(new ValidParty(role.Value, kind.Value, p.Name.Trim(), NullIfBlank(p.IdNumber), NullIfBlank(p.Phone)));
                }
            }

            errors.ThrowIfAny();
            return (channel, parties);
        }

        private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        private static void Required(FieldErrors errors, string field, string? value, string label, int max)
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
