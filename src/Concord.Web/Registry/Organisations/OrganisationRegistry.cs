using System.Globalization;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Organisations;

/// <summary>组织: organisations of the reader's subtree. The contact person and phone are personal data (protected, masked by role).</summary>
public static class OrganisationRegistry
{
    public static readonly RegionLevel[] Levels = [RegionLevel.Village, RegionLevel.Grid];

    public sealed record Input(string? Name, string? Kind, string? CreditCode, string? RegionCode, string? Address, string? ContactName, string? ContactPhone);

    public sealed record View(long Id, string Name, string Kind, string KindLabel, string? CreditCode, string RegionCode, string RegionName,
        string Address, string? ContactName, string? ContactPhone, DateTime UpdatedAt);

    /// <summary>
    /// On an edit, a contact field left as it was shown (masked, or empty) keeps the stored value:
    /// a reader who only sees 张*华 must not overwrite the real name with the mask.
    /// </summary>
    public static OrganisationKind Validate(Input input, FieldErrors errors, bool editing = false)
    {
        Text.Required(input.Name, "name", "组织名称", 100, errors);
        Text.Required(input.Address, "address", "地址", 200, errors);
        if (!RegistryLabels.TryParse(RegistryLabels.OrganisationKinds, input.Kind, out var kind))
        {
            errors.Add("kind", "请选择组织类型。");
        }

        if (!string.IsNullOrWhiteSpace(input.CreditCode) && !CreditCode.IsValid(CreditCode.Normalize(input.CreditCode)))
        {
            errors.Add("creditCode", "统一社会信用代码应为 18 位，且校验位正确。");
        }

        if (!editing || !KeepsStored(input.ContactName))
        {
            Text.Required(input.ContactName, "contactName", "联系人", 50, errors);
        }

        if ((!editing || !KeepsStored(input.ContactPhone)) && !Phone.IsValid(input.ContactPhone))
        {
            errors.Add("contactPhone", "请填写正确的联系电话（11 位手机号或带区号的固定电话）。");
        }

        return kind;
    }

    public static bool KeepsStored(string? value) => string.IsNullOrWhiteSpace(value) || value.Contains('*', StringComparison.Ordinal);

    public static Organisation NewOrganisation(Input input, OrganisationKind kind, string regionCode, PersonalData personalData, DateTime now) => new()
    {
        RegionCode = regionCode,
        Name = input.Name!.Trim(),
        Kind = kind,
        CreditCode = string.IsNullOrWhiteSpace(input.CreditCode) ? null : CreditCode.Normalize(input.CreditCode),
        Address = input.Address!.Trim(),
        ContactName = personalData.ProtectName(input.ContactName),
        ContactPhone = personalData.ProtectPhone(input.ContactPhone),
        UpdatedAt = now,
    };

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<Paged<View>> ListAsync(string? q, string? regionCode, int? page, int? pageSize, CancellationToken ct = default)
        {
            var orgs = Db.Organisations.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q))
            {
                var k = q.Trim();
                var code = CreditCode.Normalize(k);
                orgs = orgs.Where(o => o.Name.Contains(k) || o.Address.Contains(k) || o.CreditCode == code);
            }

            if (!string.IsNullOrWhiteSpace(regionCode))
            {
                orgs = orgs.Where(o => o.RegionCode.StartsWith(regionCode.Trim()));
            }

            var rows = await Paging.PageAsync(orgs.OrderBy(o => o.RegionCode).ThenBy(o => o.Id), page, pageSize, ct);
            var names = await registry.NamesAsync(rows.Items.Select(o => o.RegionCode), ct);
            return new Paged<View>([.. rows.Items.Select(o => ToView(o, names[o.RegionCode]))], rows.Total, rows.Page, rows.PageSize);
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var o = await Db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该组织");
            return ToView(o, await registry.NameAsync(o.RegionCode, ct));
        }

        public async Task<long> CreateAsync(Input input, CancellationToken ct = default)
        {
            var (kind, code) = await ValidateAsync(input, false, null, ct);
            var org = NewOrganisation(input, kind, code, registry.PersonalData, registry.Now);
            Db.Organisations.Add(org);
            Db.AuditNew("registry.organisation_created", org, Audited(org));
            await Db.SaveChangesAsync(ct);
            return org.Id;
        }

        public async Task UpdateAsync(long id, Input input, CancellationToken ct = default)
        {
            var org = await Db.Organisations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该组织");
            var (kind, code) = await ValidateAsync(input, true, id, ct);
            var fresh = NewOrganisation(input, kind, code, registry.PersonalData, registry.Now);
            org.Name = fresh.Name;
            org.Kind = fresh.Kind;
            org.CreditCode = fresh.CreditCode;
            org.RegionCode = fresh.RegionCode;
            org.Address = fresh.Address;
            if (!KeepsStored(input.ContactName))
            {
                org.ContactName = fresh.ContactName;
            }

            if (!KeepsStored(input.ContactPhone))
            {
                org.ContactPhone = fresh.ContactPhone;
            }

            org.UpdatedAt = fresh.UpdatedAt;
            Db.Audit("registry.organisation_updated", nameof(Organisation), id.ToString(CultureInfo.InvariantCulture), Audited(org));
            await Db.SaveChangesAsync(ct);
        }

        private async Task<(OrganisationKind, string)> ValidateAsync(Input input, bool editing, long? id, CancellationToken ct)
        {
            var errors = new FieldErrors();
            var kind = Validate(input, errors, editing);
            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            if (!string.IsNullOrWhiteSpace(input.CreditCode) && CreditCode.Normalize(input.CreditCode) is var credit
                && await Db.Organisations.AnyAsync(o => o.CreditCode == credit && o.Id != id, ct))
            {
                errors.Add("creditCode", "该统一社会信用代码已登记。");
            }

            errors.ThrowIfAny();
            return (kind, code!);
        }

        private static object Audited(Organisation o) =>
            new { o.Name, o.RegionCode, kind = o.Kind.ToString(), o.CreditCode, contactName = o.ContactName.Masked, contactPhone = o.ContactPhone.Masked };

        private View ToView(Organisation o, string regionName) =>
            new(o.Id, o.Name, o.Kind.ToString(), RegistryLabels.Of(o.Kind), o.CreditCode, o.RegionCode, regionName, o.Address,
                registry.Show(o.ContactName), registry.Show(o.ContactPhone), o.UpdatedAt);
    }
}
