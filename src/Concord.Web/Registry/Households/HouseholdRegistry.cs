using System.Globalization;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Households;

/// <summary>
/// 人: households (户, each in a 十联户) and their residents. Addresses, ID numbers and phones are
/// protected and shown masked unless the role may see them; search by name, address (blind
/// index) and ID tail works without any of them in clear (see <see cref="RegistrySearch"/>).
/// </summary>
public static class HouseholdRegistry
{
    public static readonly RegionLevel[] Levels = [RegionLevel.HouseholdUnit];

    public sealed record HouseholdInput(string? RegionCode, string? Address);

    public sealed record ResidentInput(string? Name, string? Sex, string? IdNumber, string? Phone, string? Relation);

    public sealed record Row(long Id, string RegionCode, string RegionName, string? Address, int Members, string? Head, string? Matched);

    public sealed record ResidentView(long Id, long HouseholdId, string Name, string Sex, int BirthYear, string? IdNumber, string? Phone, string? Relation);

    public sealed record View(long Id, string RegionCode, string RegionName, string? Address, IReadOnlyList<ResidentView> Members);

    public sealed record Validated(string Name, bool Male, int BirthYear, string IdNumber, string? Phone, string? Relation);

    /// <summary>
    /// A resident's fields. The ID number is required and checked (GB 11643); sex and birth year
    /// come from it, and a sex given as well must agree. On an edit, a masked ID number or phone
    /// (or an empty one) keeps the stored value.
    /// </summary>
    public static Validated? Validate(ResidentInput input, FieldErrors errors, bool editing = false)
    {
        Text.Required(input.Name, "name", "姓名", 50, errors);
        Text.Optional(input.Relation, "relation", "与户主关系", 20, errors);
        var keepId = editing && Organisations.OrganisationRegistry.KeepsStored(input.IdNumber);
        var id = keepId ? "" : IdNumber.Normalize(input.IdNumber ?? "");
        if (!keepId && !IdNumber.IsValid(id))
        {
            errors.Add("idNumber", "身份证号应为 18 位，且校验位正确。");
        }

        var keepPhone = Organisations.OrganisationRegistry.KeepsStored(input.Phone);
        if (!keepPhone && !Phone.IsValid(input.Phone))
        {
            errors.Add("phone", "联系电话格式不正确（11 位手机号或带区号的固定电话）。");
        }

        bool? male = (input.Sex ?? "").Trim() switch { "" => null, "男" or "male" or "Male" => true, "女" or "female" or "Female" => false, _ => null };
        if (male is null && !string.IsNullOrWhiteSpace(input.Sex))
        {
            errors.Add("sex", "性别应为“男”或“女”。");
        }

        if (errors.Any)
        {
            return null;
        }

        var fromId = keepId ? male ?? true : (id[16] - '0') % 2 == 1;
        if (!keepId && male is { } given && given != fromId)
        {
            errors.Add("sex", "性别与身份证号不一致。");
            return null;
        }

        var birthYear = keepId ? 0 : int.Parse(id[6..10], CultureInfo.InvariantCulture);
        return new Validated(input.Name!.Trim(), fromId, birthYear, id, keepPhone ? null : input.Phone, Text.Trimmed(input.Relation));
    }

    public static void CheckAddress(string? address, FieldErrors errors) => Text.Required(address, "address", "门牌地址", 200, errors);

    public sealed class Handler(RegistryContext registry)
    {
        private Persistence.ConcordDb Db => registry.Db;

        public async Task<Paged<Row>> ListAsync(string? q, string? regionCode, int? page, int? pageSize, CancellationToken ct = default)
        {
            var households = Db.Households.AsNoTracking();
            var matchedBy = new Dictionary<long, string>();
            if (!string.IsNullOrWhiteSpace(q))
            {
                var ids = await MatchingAsync(q.Trim(), matchedBy, ct);
                households = households.Where(h => ids.Contains(h.Id));
            }

            if (!string.IsNullOrWhiteSpace(regionCode))
            {
                households = households.Where(h => h.RegionCode.StartsWith(regionCode.Trim()));
            }

            var rows = await Paging.PageAsync(households.OrderBy(h => h.RegionCode).ThenBy(h => h.Id), page, pageSize, ct);
            var ids2 = rows.Items.Select(h => h.Id).ToList();
            var members = await Db.Residents.AsNoTracking().Where(r => ids2.Contains(r.HouseholdId))
                .OrderBy(r => r.Id).Select(r => new { r.HouseholdId, r.Name }).ToListAsync(ct);
            var names = await registry.NamesAsync(rows.Items.Select(h => h.RegionCode), ct);
            var list = rows.Items.Select(h =>
            {
                var ms = members.Where(m => m.HouseholdId == h.Id).ToList();
                return new Row(h.Id, h.RegionCode, names[h.RegionCode], registry.Show(h.Address), ms.Count, ms.FirstOrDefault()?.Name, matchedBy.GetValueOrDefault(h.Id));
            }).ToList();
            return new Paged<Row>(list, rows.Total, rows.Page, rows.PageSize);
        }

        /// <summary>Households matching a resident's name, an address keyword or an ID tail (4–6 characters).</summary>
        private async Task<List<long>> MatchingAsync(string q, Dictionary<long, string> matchedBy, CancellationToken ct)
        {
            var found = new List<long>();
            if (IdTail.TryParse(q, out var tail))
            {
                var last4 = IdTail.LastFour(tail);
                var byTail = tail.Length == IdTail.Stored
                    ? await Db.Residents.AsNoTracking().Where(r => r.IdTailDigest == registry.Search.IdTailQueryDigest(tail))
                        .Select(r => new { r.HouseholdId, r.Name, r.IdNumber }).Take(500).ToListAsync(ct)
                    : await Db.Residents.AsNoTracking().Where(r => r.IdNumber.Masked!.EndsWith(last4))
                        .Select(r => new { r.HouseholdId, r.Name, r.IdNumber }).Take(500).ToListAsync(ct);
                foreach (var r in byTail.Where(r => tail.Length != 5 || (registry.PersonalData.Reveal(r.IdNumber) ?? "").EndsWith(tail, StringComparison.Ordinal)))
                {
                    found.Add(r.HouseholdId);
                    matchedBy.TryAdd(r.HouseholdId, $"{r.Name}（身份证号后{tail.Length}位）");
                }
            }

            foreach (var r in await Db.Residents.AsNoTracking().Where(r => r.Name.Contains(q)).Select(r => new { r.HouseholdId, r.Name }).Take(500).ToListAsync(ct))
            {
                found.Add(r.HouseholdId);
                matchedBy.TryAdd(r.HouseholdId, r.Name);
            }

            var terms = registry.Search.AddressQuery(q);
            if (terms.Count > 0)
            {
                var byAddress = Db.Households.AsNoTracking();
                foreach (var term in terms)
                {
                    byAddress = byAddress.Where(h => h.AddressTokens!.Contains(term));
                }

                foreach (var id in await byAddress.Select(h => h.Id).Take(500).ToListAsync(ct))
                {
                    found.Add(id);
                    matchedBy.TryAdd(id, "地址");
                }
            }

            return [.. found.Distinct()];
        }

        public async Task<View> GetAsync(long id, CancellationToken ct = default)
        {
            var h = await Db.Households.AsNoTracking().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("该户");
            return new View(h.Id, h.RegionCode, await registry.NameAsync(h.RegionCode, ct), registry.Show(h.Address),
                [.. h.Members.OrderBy(m => m.Id).Select(ToView)]);
        }

        public async Task<ResidentView> GetResidentAsync(long id, CancellationToken ct = default) =>
            ToView(await Db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("该居民"));

        public async Task<long> CreateAsync(HouseholdInput input, CancellationToken ct = default)
        {
            var errors = new FieldErrors();
            CheckAddress(input.Address, errors);
            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            errors.ThrowIfAny();
            var (address, tokens) = registry.Search.ProtectAddress(input.Address);
            var household = new Household { RegionCode = code!, Address = address, AddressTokens = tokens, UpdatedAt = registry.Now };
            Db.Households.Add(household);
            Db.AuditNew("registry.household_created", household, new { household.RegionCode, address = address.Masked });
            await Db.SaveChangesAsync(ct);
            return household.Id;
        }

        public async Task UpdateAsync(long id, HouseholdInput input, CancellationToken ct = default)
        {
            var household = await Db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFoundException("该户");
            var errors = new FieldErrors();
            var keepAddress = Organisations.OrganisationRegistry.KeepsStored(input.Address);
            if (!keepAddress)
            {
                CheckAddress(input.Address, errors);
            }

            var code = await registry.CheckPlaceAsync(input.RegionCode, Levels, "regionCode", errors, ct);
            errors.ThrowIfAny();
            household.RegionCode = code!;
            foreach (var m in household.Members)
            {
                m.RegionCode = code!;
            }

            if (!keepAddress)
            {
                (household.Address, household.AddressTokens) = registry.Search.ProtectAddress(input.Address);
            }

            household.UpdatedAt = registry.Now;
            Db.Audit("registry.household_updated", nameof(Household), id.ToString(CultureInfo.InvariantCulture), new { household.RegionCode, address = household.Address.Masked });
            await Db.SaveChangesAsync(ct);
        }

        public async Task<long> AddResidentAsync(long householdId, ResidentInput input, CancellationToken ct = default)
        {
            var household = await Db.Households.FirstOrDefaultAsync(h => h.Id == householdId, ct) ?? throw new NotFoundException("该户");
            var errors = new FieldErrors();
            var v = Validate(input, errors);
            errors.ThrowIfAny();
            await CheckNotRegisteredAsync(v!.IdNumber, null, ct);
            var resident = NewResident(v, household.Id, household.RegionCode);
            Db.Residents.Add(resident);
            Db.AuditNew("registry.resident_added", resident, new { householdId, resident.Name, idNumber = resident.IdNumber.Masked, phone = resident.Phone.Masked });
            await Db.SaveChangesAsync(ct);
            return resident.Id;
        }

        public async Task UpdateResidentAsync(long id, ResidentInput input, CancellationToken ct = default)
        {
            var resident = await Db.Residents.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("该居民");
            var errors = new FieldErrors();
            var v = Validate(input, errors, editing: true);
            errors.ThrowIfAny();
            resident.Name = v!.Name;
            resident.Relation = v.Relation;
            if (v.IdNumber.Length > 0)
            {
                await CheckNotRegisteredAsync(v.IdNumber, id, ct);
                resident.IdNumber = registry.PersonalData.ProtectIdNumber(v.IdNumber);
                resident.IdTailDigest = registry.Search.IdTailDigest(v.IdNumber);
                resident.Male = v.Male;
                resident.BirthYear = v.BirthYear;
            }

            if (v.Phone is not null || string.IsNullOrWhiteSpace(input.Phone))
            {
                resident.Phone = registry.PersonalData.ProtectPhone(v.Phone);
            }

            Db.Audit("registry.resident_updated", nameof(Resident), id.ToString(CultureInfo.InvariantCulture), new { resident.Name, idNumber = resident.IdNumber.Masked, phone = resident.Phone.Masked });
            await Db.SaveChangesAsync(ct);
        }

        public Resident NewResident(Validated v, long householdId, string regionCode) => new()
        {
            HouseholdId = householdId,
            RegionCode = regionCode,
            Name = v.Name,
            Male = v.Male,
            BirthYear = v.BirthYear,
            IdNumber = registry.PersonalData.ProtectIdNumber(v.IdNumber),
            IdTailDigest = registry.Search.IdTailDigest(v.IdNumber),
            Phone = registry.PersonalData.ProtectPhone(v.Phone),
            Relation = v.Relation,
        };

        private async Task CheckNotRegisteredAsync(string idNumber, long? except, CancellationToken ct)
        {
            var digest = registry.PersonalData.ProtectIdNumber(idNumber).Digest;
            if (await Db.Residents.AnyAsync(r => r.IdNumber.Digest == digest && r.Id != except, ct))
            {
                var errors = new FieldErrors();
                errors.Add("idNumber", "该身份证号已在您的管辖范围内登记。");
                errors.ThrowIfAny();
            }
        }

        private ResidentView ToView(Resident r) =>
            new(r.Id, r.HouseholdId, r.Name, r.Male ? "男" : "女", r.BirthYear, registry.Show(r.IdNumber), registry.Show(r.Phone), r.Relation);
    }
}
