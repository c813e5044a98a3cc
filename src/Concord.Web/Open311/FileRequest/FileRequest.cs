using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Concord.Domain.Events;
using Concord.Domain.Privacy;
using Concord.Web.Events;
using Concord.Web.Events.ReportEvent;
using Concord.Web.Open311.GeoReport;
using Concord.Web.Open311.ListServices;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311.FileRequest;

/// <summary>
/// POST requests.{fmt}: an outside system files a request. It becomes an ordinary event through
/// <see cref="ReportEvent"/> (channel Open311, the citizen's contact protected), placed in the
/// client app's scope by <see cref="Locator"/>; Open311's own fields are kept beside it
/// (<see cref="Open311Request"/>) and the attribute answers go on the event's timeline.
/// Retries report once: with an <c>Idempotency-Key</c> header, that key (per app); without one,
/// the same fields from the same app within <see cref="RetryWindow"/> are the same request.
/// </summary>
public static partial class FileRequest
{
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(10);

    public sealed record Result(string ServiceRequestId, string Token, string ServiceNotice, string? AccountId, bool Replayed);

    private sealed record Fields(
        string? ServiceCode, double? Latitude, double? Longitude, string? AddressString, string? AddressId, string? Description,
        string? MediaUrl, string? Email, string? Phone, string? FirstName, string? LastName, string? DeviceId, string? AccountId,
        SortedDictionary<string, List<string>> Attributes);

    public sealed class Handler(ConcordDb db, Open311Client client, ServiceCatalogue catalogue, Locator locator, ReportEvent.Handler report, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(HttpContext http, CancellationToken ct)
        {
            var app = await client.RequireAsync(http, ct);
            if (!http.Request.HasFormContentType)
            {
                throw new GeoReportException(400, "请以 application/x-www-form-urlencoded 提交。");
            }

            var form = Read(await http.Request.ReadFormAsync(ct));
            var service = Validate(form);
            var place = await locator.LocateAsync(form.Latitude, form.Longitude, form.AddressString, form.AddressId, ct);
            var digest = Digest(form);
            var clientKey = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
            var now = clock.GetUtcNow().UtcDateTime;
            if (string.IsNullOrWhiteSpace(clientKey))
            {
                var since = now - RetryWindow;
                var recent = await db.Open311Requests.AsNoTracking()
                    .Where(r => r.ClientAppId == app.Id && r.RequestDigest == digest && r.CreatedAt >= since)
                    .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
                if (recent is not null)
                {
                    return await AnswerAsync(recent, replayed: true, ct);
                }
            }

            // Without a client key the window's bucket is the key, so two copies of one request
            // racing each other still report once.
            var key = string.IsNullOrWhiteSpace(clientKey) ? $"open311:{digest[..40]}:{now.Ticks / RetryWindow.Ticks}" : "open311-key:" + clientKey.Trim();
            var name = string.Join("", new[] { form.LastName, form.FirstName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
            var reported = await report.HandleAsync(
                new ReportEvent.Request(service.ItemCode, form.Description ?? $"{app.Name}报送：{service.Name}（未填写描述）", place.RegionCode,
                    // Placed by address_id alone: the village's (or grid's) name is the address.
                    form.Latitude, form.Longitude, form.AddressString ?? (form.Latitude is null ? place.Name : null)),
                key,
                outside: new ReportEvent.OutsideReporter(EventChannel.Open311, app.Id.ToString(CultureInfo.InvariantCulture),
                    name.Length == 0 ? null : name, form.Phone, form.Email),
                ct: ct);
            return await RecordAsync(app, service, form, digest, reported, ct);
        }

        /// <summary>
        /// Open311's row and the attribute answers, in a second write after the event's own. A
        /// crash between the two leaves an event without its row; the client's retry replays the
        /// event (same key) and this adds the row then.
        /// </summary>
        private async Task<Result> RecordAsync(ClientApp app, Open311Service service, Fields form, string digest, ReportEvent.Result reported, CancellationToken ct)
        {
            var existing = await db.Open311Requests.AsNoTracking().FirstOrDefaultAsync(r => r.EventId == reported.Id, ct);
            if (existing is not null)
            {
                return await AnswerAsync(existing, replayed: true, ct);
            }

            var e = await db.GridEvents.AsNoTracking().FirstAsync(x => x.Id == reported.Id, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var row = new Open311Request
            {
                RegionCode = e.RegionCode,
                ClientAppId = app.Id,
                EventId = e.Id,
                EventCode = e.Code,
                Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ServiceCode = service.Code,
                MediaUrl = form.MediaUrl,
                DeviceId = form.DeviceId,
                AccountId = form.AccountId,
                AttributesJson = form.Attributes.Count == 0 ? null : JsonSerializer.Serialize(form.Attributes),
                RequestDigest = digest,
                CreatedAt = now,
            };
            db.Open311Requests.Add(row);
            var extras = Describe(service, form);
            db.EventTimeline.Add(new EventEntry
            {
                RegionCode = e.RegionCode,
                EventId = e.Id,
                At = now,
                Kind = "open311",
                Text = $"经开放接口（Open311）由“{app.Name}”报送，服务类型 {service.Code}。" + extras,
                ActorName = db.Actor.Name,
                ActorOrgName = db.Actor.OrgName,
            });
            db.Audit("open311.request_filed", nameof(Open311Request), e.Code, new
            {
                clientApp = app.KeyPrefix,
                service.Code,
                e.RegionCode,
                row.MediaUrl,
                row.DeviceId,
                row.AccountId,
                attributes = form.Attributes,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A concurrent copy of the same request recorded it first (unique event id).
                db.ChangeTracker.Clear();
                var first = await db.Open311Requests.AsNoTracking().FirstAsync(r => r.EventId == reported.Id, ct);
                return await AnswerAsync(first, replayed: true, ct);
            }

            return await AnswerAsync(row, reported.Replayed, ct);
        }

        private async Task<Result> AnswerAsync(Open311Request row, bool replayed, CancellationToken ct)
        {
            var due = await db.EventDeadlines.AsNoTracking().Where(d => d.EventId == row.EventId && d.MetAt == null)
                .OrderByDescending(d => d.StartedAt).Select(d => (DateTime?)d.DueAt).FirstOrDefaultAsync(ct);
            var notice = "已受理，网格员将核实后就地处置或上报综治中心" + (due is { } d ? $"，预计 {Shared.Fmt.Due(d)} 前给出处理意见。" : "。");
            return new Result(row.EventCode, row.Token, notice, row.AccountId, replayed);
        }

        private Open311Service Validate(Fields f)
        {
            if (string.IsNullOrWhiteSpace(f.ServiceCode))
            {
                throw new GeoReportException(400, "service_code 必填：可用的服务见 services.xml。");
            }

            var service = catalogue.Find(f.ServiceCode.Trim()) ?? throw new GeoReportException(404, $"未找到服务“{f.ServiceCode}”：可用的服务见 services.xml。");
            var errors = new List<GeoError>();
            void Bad(string message) => errors.Add(new GeoError(400, message));
            if (f.Latitude is null && f.Longitude is null && string.IsNullOrWhiteSpace(f.AddressString) && string.IsNullOrWhiteSpace(f.AddressId))
            {
                Bad("缺少位置：请提供 lat+long、address_string 或 address_id 之一。");
            }

            if (f.Latitude.HasValue != f.Longitude.HasValue)
            {
                Bad("lat 和 long 须同时提供。");
            }
            else if (f.Latitude is { } lat && f.Longitude is { } lon && !Geo.IsValid(lat, lon))
            {
                Bad("lat/long 不是有效的 WGS-84 经纬度。");
            }

            if (f.Description is { Length: > 4000 })
            {
                Bad($"description 不能超过 4000 个字符（收到 {f.Description.Length} 个）。");
            }

            if (f.AddressString is { Length: > 200 })
            {
                Bad("address_string 不能超过 200 个字符。");
            }

            if (f.MediaUrl is { } url && (url.Length > 500 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                Bad("media_url 应为 http(s) 开头的完整网址（不超过 500 个字符）。");
            }

            if (f.Email is { } email && (email.Length > 100 || !EmailPattern().IsMatch(email)))
            {
                Bad("email 格式不正确。");
            }

            if (f.Phone is { } phone && !Phone.IsValid(phone))
            {
                Bad("phone 应为 11 位手机号或带区号的固定电话。");
            }

            if ((f.FirstName?.Length ?? 0) + (f.LastName?.Length ?? 0) > 50)
            {
                Bad("first_name 与 last_name 合计不能超过 50 个字。");
            }

            if (f.DeviceId is { Length: > 100 } || f.AccountId is { Length: > 100 })
            {
                Bad("device_id、account_id 不能超过 100 个字符。");
            }

            if (service.Kind == ServiceKind.Dispute && (string.IsNullOrWhiteSpace(f.FirstName) && string.IsNullOrWhiteSpace(f.LastName) || string.IsNullOrWhiteSpace(f.Phone)))
            {
                Bad("矛盾纠纷须提供申请人姓名（first_name/last_name）和联系电话（phone），以便调解组织联系。");
            }

            foreach (var (code, values) in f.Attributes)
            {
                var attribute = service.Attributes.FirstOrDefault(a => a.Code == code);
                if (attribute is null)
                {
                    Bad($"服务 {service.Code} 没有属性 attribute[{code}]。");
                    continue;
                }

                foreach (var value in values)
                {
                    var ok = attribute.Datatype switch
                    {
                        "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && (code != ServiceCatalogue.PeopleInvolved || (n >= 1 && n <= 100_000 && n == Math.Floor(n))),
                        "singlevaluelist" or "multivaluelist" => attribute.Values!.Any(v => v.Key == value),
                        _ => value.Length <= 100,
                    };
                    if (!ok)
                    {
                        Bad($"attribute[{code}] 的值“{value}”不符合要求：{attribute.DatatypeDescription ?? attribute.Description}");
                    }
                }
            }

            foreach (var required in service.Attributes.Where(a => a.Required && !f.Attributes.ContainsKey(a.Code)))
            {
                Bad($"缺少必填属性 attribute[{required.Code}]（{required.Description}）。");
            }

            return errors.Count > 0 ? throw new GeoReportException(errors) : service;
        }

        private static string Describe(Open311Service service, Fields f)
        {
            var parts = new List<string>();
            foreach (var a in service.Attributes.OrderBy(a => a.Order))
            {
                if (f.Attributes.TryGetValue(a.Code, out var values))
                {
                    var shown = values.Select(v => a.Values?.FirstOrDefault(x => x.Key == v).Name ?? v);
                    parts.Add($"{a.Description.TrimEnd('。').Split('（')[0]}：{string.Join("、", shown)}");
                }
            }

            if (f.MediaUrl is not null)
            {
                parts.Add("图片/媒体链接：" + f.MediaUrl);
            }

            return parts.Count == 0 ? "" : "附加信息：" + string.Join("；", parts) + "。";
        }

        private static Fields Read(IFormCollection form)
        {
            string? Text(string name) => form[name].FirstOrDefault() is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            double? Number(string name)
            {
                var text = Text(name);
                if (text is null)
                {
                    return null;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d
                    : throw new GeoReportException(400, $"{name} 不是有效的数字：“{text}”。");
            }

            var attributes = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (name, values) in form)
            {
                var match = AttributePattern().Match(name);
                if (match.Success)
                {
                    var list = attributes.TryGetValue(match.Groups[1].Value, out var l) ? l : attributes[match.Groups[1].Value] = [];
                    list.AddRange(values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
                }
            }

            foreach (var empty in attributes.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList())
            {
                attributes.Remove(empty);
            }

            return new Fields(Text("service_code"), Number("lat"), Number("long"), Text("address_string"), Text("address_id"), Text("description"),
                Text("media_url"), Text("email"), Text("phone"), Text("first_name"), Text("last_name"), Text("device_id"), Text("account_id"), attributes);
        }

        private static string Digest(Fields f)
        {
            var canonical = JsonSerializer.Serialize(f with { Attributes = f.Attributes });
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        }
    }

    [GeneratedRegex(@"^attribute\[([A-Za-z0-9_\-]{1,50})\](\[\])?$")]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
