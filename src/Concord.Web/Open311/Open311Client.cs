using Concord.Web.Open311.GeoReport;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311;

/// <summary>
/// The client application behind the current Open311 request, from its <c>api_key</c> (query
/// string, or the form body of a POST). Once known, the request's database context acts as the
/// app, scoped to the app's organisation's region: the global scope filter and write check then
/// do for the app exactly what they do for a user.
/// </summary>
public sealed class Open311Client(ConcordDb db, ClientAppKeys keys)
{
    public ClientApp? App { get; private set; }

    public async Task<ClientApp> RequireAsync(HttpContext http, CancellationToken ct)
    {
        if (App is not null)
        {
            return App;
        }

        string? key = http.Request.Query["api_key"];
        if (string.IsNullOrEmpty(key) && http.Request.HasFormContentType)
        {
            key = (await http.Request.ReadFormAsync(ct))["api_key"];
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new GeoReportException(403, "缺少 api_key：请向县（市、区）综治中心系统管理员申请接入。");
        }

        var app = await keys.FindActiveAsync(db, key, ct)
            ?? throw new GeoReportException(403, "api_key 无效或已停用。");
        var orgName = await db.OrgUnits.IgnoreQueryFilters().Where(o => o.Id == app.OrgUnitId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        db.ActAs(ActorOf(app, orgName));
        return App = app;
    }

    public static Actor ActorOf(ClientApp app, string orgName) =>
        new(null, "开放接口：" + app.Name, null, app.OrgUnitId, orgName, app.RegionCode);
}
