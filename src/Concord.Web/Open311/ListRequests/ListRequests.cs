using Concord.Domain.Cases;
using Concord.Domain.Events;
using Concord.Web.Open311.GeoReport;
using Concord.Web.Open311.ListServices;
using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311.ListRequests;

/// <summary>
/// GET requests.{fmt}, requests/{id}.{fmt} and tokens/{token}.{fmt}: where requests filed
/// through Open311 stand, for the client apps of their place (the scoped context shows an app
/// only its region's requests). Status is only open/closed; the detail is in status_notes and
/// service_notice ("why is it waiting"), agency_responsible once a department has it, and
/// expected_datetime from the running deadline. The reporter's words (description) are given
/// back only to the app that filed them.
/// </summary>
public static class ListRequests
{
    public const int MaxRows = 1000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public sealed record Query(string? ServiceRequestIds, string? ServiceCode, string? StartDate, string? EndDate, string? Status);

    /// <summary>Timeline entries that say what was done about the request (the events module names entries by the action).</summary>
    private static readonly string[] s_outcomeKinds = [nameof(EventAction.Reply), nameof(EventAction.HandleInGrid)];

    private static readonly EventStatus[] s_closed = [EventStatus.Closed, EventStatus.Rated, EventStatus.Dismissed];

    public sealed class Handler(ConcordDb db, ServiceCatalogue catalogue, TimeProvider clock)
    {
        public async Task<GeoDocument> ListAsync(ClientApp app, Query q, CancellationToken ct)
        {
            var rows = db.Open311Requests.AsNoTracking();
            var ids = (q.ServiceRequestIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (ids.Count > MaxRows)
            {
                throw new GeoReportException(400, $"service_request_id 一次最多 {MaxRows} 个。");
            }

            if (ids.Count > 0)
            {
                // The spec: with ids, every other parameter is ignored.
                rows = rows.Where(r => ids.Contains(r.EventCode));
            }
            else
            {
                var (start, end) = Window(q);
                rows = rows.Where(r => r.CreatedAt >= start && r.CreatedAt <= end);
                if (!string.IsNullOrWhiteSpace(q.ServiceCode))
                {
                    var codes = q.ServiceCode.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    rows = rows.Where(r => codes.Contains(r.ServiceCode));
                }
            }

            bool? closed = q.Status?.Trim().ToLowerInvariant() switch
            {
                null or "" => null,
                "open" => false,
                "closed" => true,
                _ => throw new GeoReportException(400, "status 只能是 open 或 closed。"),
            };
            if (ids.Count == 0 && closed is { } c)
            {
                // Converted events are open or closed by their case; they pass here and are sorted out below.
                var events = db.GridEvents.Where(e => e.Status == EventStatus.Converted || s_closed.Contains(e.Status) == c);
                rows = rows.Where(r => events.Any(e => e.Id == r.EventId));
            }

            var page = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(MaxRows).ToListAsync(ct);
            var views = await ViewsAsync(app, page, ct);
            if (ids.Count == 0 && closed is { } wanted)
            {
                views = [.. views.Where(v => v.Closed == wanted)];
            }

            return new GeoDocument("service_requests", new GeoList("request", [.. views.Select(v => v.Node)]));
        }

        public async Task<GeoDocument> OneAsync(ClientApp app, string id, CancellationToken ct)
        {
            var row = await db.Open311Requests.AsNoTracking().FirstOrDefaultAsync(r => r.EventCode == id, ct)
                ?? throw new GeoReportException(404, $"未找到服务请求“{id}”。");
            var views = await ViewsAsync(app, [row], ct);
            return new GeoDocument("service_requests", new GeoList("request", [views[0].Node]));
        }

        public async Task<GeoDocument> TokenAsync(string token, CancellationToken ct)
        {
            var row = await db.Open311Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Token == token, ct)
                ?? throw new GeoReportException(404, $"未找到 token“{token}”。");
            return new GeoDocument("service_requests", new GeoList("request",
                [new GeoObject().Add("service_request_id", row.EventCode).Add("token", row.Token)]));
        }

        private (DateTime Start, DateTime End) Window(Query q)
        {
            var start = GeoTime.Parse(q.StartDate);
            var end = GeoTime.Parse(q.EndDate);
            if (!string.IsNullOrWhiteSpace(q.StartDate) && start is null)
            {
                throw new GeoReportException(400, "start_date 应为 ISO 8601 时间，如 2026-03-01T00:00:00+08:00。");
            }

            if (!string.IsNullOrWhiteSpace(q.EndDate) && end is null)
            {
                throw new GeoReportException(400, "end_date 应为 ISO 8601 时间，如 2026-03-31T23:59:59+08:00。");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var e = end ?? (start is { } s0 ? Min(s0 + DefaultWindow, now) : now);
            var s = start ?? e - DefaultWindow;
            if (s > e)
            {
                throw new GeoReportException(400, "start_date 不能晚于 end_date。");
            }

            if (e - s > DefaultWindow)
            {
                throw new GeoReportException(400, "查询时间跨度最长 90 天。");
            }

            return (s, e);
        }

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

        private sealed record View(bool Closed, GeoObject Node);

        private async Task<List<View>> ViewsAsync(ClientApp app, List<Open311Request> rows, CancellationToken ct)
        {
            var eventIds = rows.Select(r => r.EventId).ToList();
            var events = await db.GridEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            var deadlines = (await db.EventDeadlines.AsNoTracking().Where(d => eventIds.Contains(d.EventId) && d.MetAt == null).ToListAsync(ct))
                .GroupBy(d => d.EventId).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.StartedAt).First());
            var entries = await db.EventTimeline.AsNoTracking().Where(t => eventIds.Contains(t.EventId) && t.Kind != "open311").ToListAsync(ct);
            var latest = Latest(entries);
            // A closed request tells the citizen what was done (the department's reply or the grid's handling), not that staff verified it.
            var outcomes = Latest(entries.Where(t => s_outcomeKinds.Contains(t.Kind)));
            // Department names are not secret, and a town app must read the county department's name.
            var orgIds = events.Values.Where(e => e.DepartmentOrgUnitId is not null).Select(e => e.DepartmentOrgUnitId!.Value).Distinct().ToList();
            var orgs = await db.OrgUnits.IgnoreQueryFilters().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var caseIds = events.Values.Where(e => e.CaseId is not null).Select(e => e.CaseId!.Value).ToList();
            var cases = await db.Cases.IgnoreQueryFilters().AsNoTracking().Where(c => caseIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Status, c.UpdatedAt }).ToDictionaryAsync(c => c.Id, ct);
            var regionCodes = events.Values.Select(e => e.RegionCode).Distinct().ToList();
            var regions = await db.Regions.IgnoreQueryFilters().AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);

            var views = new List<View>(rows.Count);
            foreach (var row in rows)
            {
                if (!events.TryGetValue(row.EventId, out var e))
                {
                    continue;
                }

                var department = e.DepartmentOrgUnitId is { } d ? orgs.GetValueOrDefault(d) : null;
                var deadline = deadlines.GetValueOrDefault(e.Id);
                var caseInfo = e.CaseId is { } cid ? cases.GetValueOrDefault(cid) : null;
                var closed = e.Status == EventStatus.Converted
                    ? caseInfo is { Status: CaseStatus.Closed or CaseStatus.Withdrawn }
                    : s_closed.Contains(e.Status);
                var (notes, notice) = Explain(e, department, deadline?.DueAt, (e.Status == EventStatus.Dismissed ? null : outcomes.GetValueOrDefault(e.Id)?.Text) ?? latest.GetValueOrDefault(e.Id)?.Text, closed);
                var updated = caseInfo is not null && caseInfo.UpdatedAt > e.UpdatedAt ? caseInfo.UpdatedAt : e.UpdatedAt;
                var service = catalogue.Find(row.ServiceCode);
                var node = new GeoObject()
                    .Add("service_request_id", row.EventCode)
                    .Add("status", closed ? "closed" : "open")
                    .Add("status_notes", notes)
                    .Add("service_name", service?.Name ?? EventTaxonomy.NameOf(e.ItemCode))
                    .Add("service_code", row.ServiceCode)
                    .Add("description", row.ClientAppId == app.Id ? e.Text : null)
                    .Add("agency_responsible", department)
                    .Add("service_notice", notice)
                    .Add("requested_datetime", GeoValue.Of(e.ReportedAt))
                    .Add("updated_datetime", GeoValue.Of(updated))
                    .Add("expected_datetime", GeoValue.Of(closed ? null : deadline?.DueAt))
                    .Add("address", e.Address ?? regions.GetValueOrDefault(e.RegionCode))
                    .Add("address_id", e.RegionCode)
                    .Add("zipcode", (string?)null)
                    .Add("lat", GeoValue.Of(e.Latitude))
                    .Add("long", GeoValue.Of(e.Longitude))
                    .Add("media_url", row.MediaUrl);
                views.Add(new View(closed, node));
            }

            return views;
        }

        private static Dictionary<long, Events.EventEntry> Latest(IEnumerable<Events.EventEntry> entries) =>
            entries.GroupBy(t => t.EventId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).First());

        /// <summary>status_notes (what happened last) and service_notice (what it is waiting for, and until when).</summary>
        private static (string Notes, string? Notice) Explain(Events.GridEvent e, string? department, DateTime? due, string? lastEntry, bool closed)
        {
            var by = due is { } d ? $"，预计 {Shared.Fmt.Due(d)} 前" : "";
            return e.Status switch
            {
                EventStatus.Reported => ("已受理，待网格员核实。", $"等待网格员核实后就地处置或上报综治中心{by}给出处理意见。"),
                EventStatus.HandledInGrid => ("网格已就地处置，待核实。", $"等待网格长或综治中心核实处置结果{by}。"),
                EventStatus.Escalated => ("已上报综治中心。", $"等待综治中心派遣至职能部门{by}。"),
                EventStatus.Dispatched => ($"已派发至{department}。", $"已派发至{department}{(due is null ? "，等待答复。" : by + "答复。")}"),
                EventStatus.Replied => ($"{department}已答复。", $"等待综治中心核实{department}的办理结果{by}。"),
                EventStatus.Converted when closed => ($"已转为矛盾纠纷案件 {e.CaseCode} 办理，案件已办结。", null),
                EventStatus.Converted => ($"已转为矛盾纠纷案件 {e.CaseCode}，由调解组织办理。", "案件调解中，一般一个月内办结；进展可凭案件编号在“进度查询”查看。"),
                EventStatus.Dismissed => ("不予立案：" + (lastEntry ?? "经核实不属于需处置的事件。"), null),
                _ => ("已办结。" + (lastEntry is null ? "" : lastEntry), null),
            };
        }
    }
}
