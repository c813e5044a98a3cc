using System.Diagnostics;
using Concord.Domain.Regions;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Demo;

/// <summary>
/// Households (户) and residents for every 十联户 of a county, deterministic for a given seed:
/// a unit's population / 3 households, 1–5 residents each, with addresses in the style of the
/// place (flats in a 社区, numbered houses in a village group), valid ID numbers of the county
/// and mobiles for adults. ID numbers and phones are protected (SM4-GCM + HMAC-SM3) in parallel
/// — that is most of the time spent — and rows are bulk-loaded in one write transaction.
/// </summary>
public static class DemoPeople
{
    public sealed record Result(int Households, int Residents, TimeSpan Elapsed);

    private static readonly string[] s_groupSuffixes = ["庄", "湾", "岗", "圩", "冲", "屋", "营", "畈", "塘", "店"];

    private sealed record Member(long HouseholdId, string RegionCode, FakePerson Person, string Relation);

    public static async Task<Result> GenerateAsync(ConcordDb db, PersonalData personalData, string countyCode, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(seed ^ 0x5EED01);
        var faker = new PersonFaker(random);
        var nowYear = db.Clock.GetUtcNow().Year;
        var places = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Code.StartsWith(countyCode) && (r.Level == RegionLevel.Town || r.Level == RegionLevel.Village))
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var units = await db.Regions.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Level == RegionLevel.HouseholdUnit && r.Code.StartsWith(countyCode))
            .OrderBy(r => r.Code).Select(r => new { r.Code, r.Population }).ToListAsync(ct);

        await using var tx = await db.BeginWriteAsync(ct);
        var loader = new BulkLoader(db);
        var householdId = await loader.MaxIdAsync("households", "id", ct);
        var residentId = await loader.MaxIdAsync("residents", "id", ct);
        var households = new List<object?[]>();
        var members = new List<Member>();
        var addresses = new Dictionary<string, AddressBook>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var villageCode = unit.Code[..RegionCode.LengthOf(RegionLevel.Village)];
            if (!addresses.TryGetValue(villageCode, out var book))
            {
                book = new AddressBook(places[villageCode[..RegionCode.LengthOf(RegionLevel.Town)]], places[villageCode], random, faker);
                addresses[villageCode] = book;
            }

            for (var h = 0; h < Math.Max(1, unit.Population / 3); h++)
            {
                households.Add([++householdId, unit.Code, book.Next()]);
                members.AddRange(Family(faker, nowYear, countyCode).Select((p, i) => new Member(householdId, unit.Code, p, Relation(i))));
            }
        }

        // SM4 with a fresh nonce per value: the slow part, so spread it over the cores.
        var search = new Registry.RegistrySearch(personalData);
        Parallel.For(0, households.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var h = households[i];
            var (address, tokens) = search.ProtectAddress((string)h[2]!);
            households[i] = [h[0], h[1], address.Cipher, address.Digest, address.Masked, tokens];
        });
        var residents = new object?[members.Count][];
        var firstResidentId = residentId + 1;
        Parallel.For(0, members.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var m = members[i];
            var id = personalData.ProtectIdNumber(m.Person.IdNumber);
            var phone = personalData.ProtectPhone(m.Person.Phone);
            residents[i] =
            [
                firstResidentId + i, m.HouseholdId, m.RegionCode, m.Person.Name, m.Person.Male, m.Person.BirthYear,
                id.Cipher, id.Digest, id.Masked, phone.Cipher, phone.Digest, phone.Masked, search.IdTailDigest(m.Person.IdNumber), m.Relation,
            ];
        });

        await loader.WriteAsync(BulkTables.Households, households, ct);
        await loader.WriteAsync(BulkTables.Residents, residents, ct);
        await loader.SyncIdentityAsync("households", ct);
        await loader.SyncIdentityAsync("residents", ct);
        db.Audit("demo.people_generated", "Region", countyCode, new { households = households.Count, residents = residents.Length });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(households.Count, residents.Length, watch.Elapsed);
    }

    private static string Relation(int index) => index switch { 0 => "户主", 1 => "配偶", _ => "子女" };

    /// <summary>A head of household, often a spouse, children sharing the head's surname, sometimes a parent.</summary>
    private static List<FakePerson> Family(PersonFaker faker, int nowYear, string countyCode)
    {
        var random = faker.Random;
        var size = random.Next(100) switch { < 12 => 1, < 35 => 2, < 65 => 3, < 88 => 4, _ => 5 };
        var head = faker.Person(countyCode, nowYear, nowYear - random.Next(28, 76));
        var family = new List<FakePerson>(size) { head };
        if (size >= 2)
        {
            family.Add(faker.Person(countyCode, nowYear, head.BirthYear + random.Next(-4, 5)));
        }

        var surname = head.Name[..1];
        while (family.Count < size)
        {
            var elder = family.Count == 4 && random.Next(2) == 0 && head.BirthYear - 30 > nowYear - 95;
            var year = elder ? head.BirthYear - random.Next(22, 30) : Math.Min(nowYear, head.BirthYear + random.Next(22, 36));
            family.Add(faker.Person(countyCode, nowYear, year, surname));
        }

        return family;
    }

    /// <summary>Addresses of one village: flats (栋/单元/室) in a 社区, numbered houses in village groups (组) elsewhere.</summary>
    private sealed class AddressBook(string townName, string villageName, Random random, PersonFaker faker)
    {
        private readonly bool _urban = !villageName.EndsWith("村委会", StringComparison.Ordinal);
        private readonly string _place = CountySetup.ShortVillageName(villageName);
        private readonly List<string> _groups = [];
        private int _building = 1;
        private int _unit = 1;
        private int _flat;
        private int _group;
        private int _house;

        public string Next()
        {
            if (_urban)
            {
                // Six floors, two flats a floor, three stair units a building.
                if (++_flat > 12)
                {
                    _flat = 1;
                    if (++_unit > 3)
                    {
                        _unit = 1;
                        _building++;
                    }
                }

                return $"{townName}{_place}{_building}栋{_unit}单元{(_flat + 1) / 2}0{2 - (_flat % 2)}";
            }

            if (_groups.Count == 0 || _house >= 25 + (_group * 7 % 15))
            {
                _groups.Add(faker.Surname() + s_groupSuffixes[random.Next(s_groupSuffixes.Length)]);
                _group = _groups.Count - 1;
                _house = 0;
            }

            return $"{_place}{_groups[_group]}组{++_house}号";
        }
    }
}
