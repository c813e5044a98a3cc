using Concord.Domain.Privacy;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Open311.ManageClientApps;

/// <summary>
/// 系统管理员 registers the outside systems that may use the Open311 API, each owned by an
/// organisation of the admin's subtree (which bounds where it may file and what it may read),
/// and revokes them. The api_key is returned once, by <see cref="Handler.CreateAsync"/>.
/// </summary>
public static class ManageClientApps
{
    public sealed record CreateRequest(string? Name, long? OrgUnitId, string? ContactName, string? ContactPhone);

    public sealed record Created(long Id, string Name, string ApiKey, string KeyPrefix);

    public sealed record RevokeRequest(string? Reason);

    public sealed record AppRow(long Id, string Name, string OrgName, string RegionCode, string ContactName, string? ContactPhone,
        string KeyPrefix, DateTime CreatedAt, DateTime? RevokedAt, string? RevokeReason);

    public sealed record OrgOption(long Id, string Name);

    public sealed class Handler(ConcordDb db, ClientAppKeys keys, PersonalData personalData, TimeProvider clock)
    {
        public async Task<IReadOnlyList<AppRow>> ListAsync(CancellationToken ct = default)
        {
            var apps = await db.ClientApps.AsNoTracking().OrderBy(a => a.RevokedAt != null).ThenBy(a => a.Name).ToListAsync(ct);
            var orgIds = apps.Select(a => a.OrgUnitId).Distinct().ToList();
            var orgs = await db.OrgUnits.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            return [.. apps.Select(a => new AppRow(a.Id, a.Name, orgs.GetValueOrDefault(a.OrgUnitId, ""), a.RegionCode, a.ContactName,
                a.ContactPhone.Masked, a.KeyPrefix + "…", a.CreatedAt, a.RevokedAt, a.RevokeReason))];
        }

        public async Task<IReadOnlyList<OrgOption>> OrgOptionsAsync(CancellationToken ct = default) =>
            await db.OrgUnits.AsNoTracking().OrderBy(o => o.RegionCode).ThenBy(o => o.Kind)
                .Select(o => new OrgOption(o.Id, o.Name)).Take(2000).ToListAsync(ct);

        public async Task<Created> CreateAsync(CreateRequest r, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > 100)
            {
                errors.Add("name", "请填写应用名称（不超过 100 字）。");
            }

            if (string.IsNullOrWhiteSpace(r.ContactName) || r.ContactName.Trim().Length > 50)
            {
                errors.Add("contactName", "请填写联系人（不超过 50 字）。");
            }

            if (!string.IsNullOrWhiteSpace(r.ContactPhone) && !Phone.IsValid(r.ContactPhone))
            {
                errors.Add("contactPhone", "联系电话应为 11 位手机号或带区号的固定电话。");
            }

            // Scoped: an organisation outside the admin's subtree does not exist here.
            var org = r.OrgUnitId is { } orgId ? await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) : null;
            if (org is null)
            {
                errors.Add("orgUnitId", "请选择所属单位（须在您的管辖范围内）。");
            }

            errors.ThrowIfAny();
            var apiKey = ClientAppKeys.NewKey();
            var app = new ClientApp
            {
                RegionCode = org!.RegionCode,
                OrgUnitId = org.Id,
                Name = r.Name!.Trim(),
                ContactName = r.ContactName!.Trim(),
                ContactPhone = personalData.ProtectPhone(r.ContactPhone),
                KeyPrefix = ClientAppKeys.VisiblePart(apiKey),
                KeyDigest = keys.Digest(apiKey),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                CreatedByUserId = db.Actor.UserId,
            };
            db.ClientApps.Add(app);
            db.Audit("client_app.created", "ClientApp", app.KeyPrefix, new
            {
                app.Name,
                orgUnit = org.Name,
                app.RegionCode,
                app.ContactName,
                contactPhone = app.ContactPhone.Masked,
                app.KeyPrefix,
            });
            await db.SaveChangesAsync(ct);
            return new Created(app.Id, app.Name, apiKey, app.KeyPrefix);
        }

        public async Task RevokeAsync(long id, string? reason, CancellationToken ct = default)
        {
            var app = await db.ClientApps.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("该接入应用");
            if (app.RevokedAt is not null)
            {
                throw new DomainException("client_app_already_revoked", "该应用的 api_key 已停用。", 409);
            }

            if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
            {
                var errors = new FieldErrors();
                errors.Add("reason", "请填写停用原因（不超过 200 字）。");
                errors.ThrowIfAny();
            }

            app.RevokedAt = clock.GetUtcNow().UtcDateTime;
            app.RevokedByUserId = db.Actor.UserId;
            app.RevokeReason = reason!.Trim();
            db.Audit("client_app.revoked", "ClientApp", app.KeyPrefix, new { app.Name, app.RevokeReason });
            await db.SaveChangesAsync(ct);
        }
    }
}
