using System.Globalization;
using Concord.Domain.Privacy;
using Concord.Domain.Regions;
using Concord.Domain.Registry;
using Concord.Web.Registry.Households;
using Concord.Web.Registry.Organisations;
using Concord.Web.Registry.Parts;
using Concord.Web.Registry.Places;
using Concord.Web.Residents;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Import;

/// <summary>A data row of an upload, read by header.</summary>
public sealed class ImportRow(UploadRow row, IReadOnlyDictionary<string, int> columns)
{
    public int Number => row.Number;

    public string? this[string header] =>
        columns.TryGetValue(header, out var i) && i < row.Cells.Count && !string.IsNullOrWhiteSpace(row.Cells[i]) ? row.Cells[i].Trim() : null;

    public bool IsLossy(string header) => columns.TryGetValue(header, out var i) && row.Lossy.Contains(i);
}

/// <summary>
/// What one registry's import does: its template, the check of a row (the same rules as the
/// form), the checks across rows and against what is stored, and the rows it adds.
/// </summary>
public abstract class ImportKind
{
    public abstract ImportTemplate Template { get; }

    /// <summary>The column holding the row's place; the importer checks every place against the uploader's scope at once.</summary>
    public abstract string RegionHeader { get; }

    public abstract RegionLevel[] Levels { get; }

    public abstract object? Prepare(ImportRow row, List<RowError> errors);

    public virtual Task CheckAsync(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry, List<RowError> errors, CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>Adds the rows to the context (not saved); returns how many registry rows were added.</summary>
    public abstract int Add(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry);

    public static readonly IReadOnlyList<ImportKind> All = [new HouseholdImport(), new PlaceImport(), new PartImport(), new OrganisationImport()];

    public static ImportKind? Find(string? kind) => All.FirstOrDefault(k => string.Equals(k.Template.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs a form rule on a row; its field errors become row errors under the columns the fields come from.</summary>
    protected static T? Collect<T>(ImportRow row, List<RowError> errors, IReadOnlyDictionary<string, string> headerOf, Func<FieldErrors, T> validate)
    {
        var fieldErrors = new FieldErrors();
        var result = validate(fieldErrors);
        try
        {
            fieldErrors.ThrowIfAny();
            return result;
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                errors.AddRange(messages.Select(m => new RowError(row.Number, headerOf.GetValueOrDefault(field, field), m)));
            }

            return default;
        }
    }

    protected static double? Number(ImportRow row, string header, List<RowError> errors)
    {
        var text = row[header];
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new RowError(row.Number, header, "应为数字，如 31.0366。"));
        return null;
    }

    protected static void Lossy(ImportRow row, string header, List<RowError> errors)
    {
        if (row.IsLossy(header))
        {
            errors.Add(new RowError(row.Number, header, "该单元格被 Excel 存成了科学计数法数字，数字已丢失；请将该列设为“文本”格式后重新填写。"));
        }
    }

    /// <summary>Rows whose key repeats an earlier row's: an error on the later rows.</summary>
    protected static void Duplicates(IEnumerable<(ImportRow Row, string? Key)> rows, string header, List<RowError> errors)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, key) in rows)
        {
            if (key is null)
            {
                continue;
            }

            if (first.TryGetValue(key, out var earlier))
            {
                errors.Add(new RowError(row.Number, header, $"与第 {earlier} 行重复。"));
            }
            else
            {
                first[key] = row.Number;
            }
        }
    }
}

internal sealed class HouseholdImport : ImportKind
{
    private const string Key = "户编号";
    private const string Unit = "十联户编码";
    private const string Address = "门牌地址";
    private const string IdHeader = "身份证号";

    private static readonly Dictionary<string, string> s_headerOf = new(StringComparer.Ordinal)
    {
        ["name"] = "姓名",
        ["sex"] = "性别",
        ["idNumber"] = IdHeader,
        ["phone"] = "联系电话",
        ["relation"] = "与户主关系",
        ["address"] = Address,
    };

    public override ImportTemplate Template { get; } = new("households", "居民户籍（人）",
    [
        new(Key, true, "本文件内区分各户的编号，同一户的成员填写相同编号，如 1、2、3"),
        new(Unit, true, "17 位十联户编码，如 34088100200300101（可在“区划与组织”中查到）"),
        new(Address, true, "该户门牌地址，同一户各行一致"),
        new("姓名", true, "居民姓名"),
        new("性别", false, "男或女；不填时按身份证号"),
        new(IdHeader, true, "18 位公民身份号码，请保持该列为文本格式"),
        new("联系电话", false, "11 位手机号或带区号的固定电话"),
        new("与户主关系", false, "户主、配偶、子女、父母等"),
    ]);

    public override string RegionHeader => Unit;

    public override RegionLevel[] Levels => HouseholdRegistry.Levels;

    private sealed record Item(string Key, string Unit, string Address, HouseholdRegistry.Validated Resident);

    public override object? Prepare(ImportRow row, List<RowError> errors)
    {
        Lossy(row, IdHeader, errors);
        if (row[Key] is null)
        {
            errors.Add(new RowError(row.Number, Key, "请填写户编号。"));
        }

        if (row[Unit] is null)
        {
            errors.Add(new RowError(row.Number, Unit, "请填写十联户编码。"));
        }

        var input = new HouseholdRegistry.ResidentInput(row["姓名"], row["性别"], row.IsLossy(IdHeader) ? "" : row[IdHeader], row["联系电话"], row["与户主关系"]);
        var resident = Collect(row, errors, s_headerOf, e =>
        {
            HouseholdRegistry.CheckAddress(row[Address], e);
            return HouseholdRegistry.Validate(input, e);
        });
        return resident is null || row[Key] is null || row[Unit] is null ? null : new Item(row[Key]!, row[Unit]!, row[Address]!, resident);
    }

    public override async Task CheckAsync(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry, List<RowError> errors, CancellationToken ct)
    {
        var rows = items.Select(x => (x.Row, Item: (Item)x.Item)).ToList();
        foreach (var household in rows.GroupBy(x => x.Item.Key, StringComparer.Ordinal))
        {
            var head = household.First();
            foreach (var (row, item) in household.Skip(1))
            {
                if (item.Unit != head.Item.Unit)
                {
                    errors.Add(new RowError(row.Number, Unit, $"同一户编号（{item.Key}）的十联户编码应一致（第 {head.Row.Number} 行为 {head.Item.Unit}）。"));
                }

                if (item.Address != head.Item.Address)
                {
                    errors.Add(new RowError(row.Number, Address, $"同一户编号（{item.Key}）的门牌地址应一致（见第 {head.Row.Number} 行）。"));
                }
            }
        }

        Duplicates(rows.Select(x => (x.Row, (string?)x.Item.Resident.IdNumber)), IdHeader, errors);
        var digests = rows.ToDictionary(x => x.Row.Number, x => registry.PersonalData.Digest(x.Item.Resident.IdNumber));
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in digests.Values.Distinct().Chunk(500))
        {
            stored.UnionWith(await registry.Db.Residents.AsNoTracking().Where(r => chunk.Contains(r.IdNumber.Digest!)).Select(r => r.IdNumber.Digest!).ToListAsync(ct));
        }

        errors.AddRange(rows.Where(x => stored.Contains(digests[x.Row.Number])).Select(x => new RowError(x.Row.Number, IdHeader, "该身份证号已在您的管辖范围内登记。")));
    }

    public override int Add(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry)
    {
        var now = registry.Now;
        var count = 0;
        foreach (var group in items.Select(x => (Item)x.Item).GroupBy(i => i.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var (address, tokens) = registry.Search.ProtectAddress(first.Address);
            var household = new Household { RegionCode = first.Unit, Address = address, AddressTokens = tokens, UpdatedAt = now };
            foreach (var item in group)
            {
                var r = item.Resident;
                household.Members.Add(new Resident
                {
                    RegionCode = first.Unit,
                    Name = r.Name,
                    Male = r.Male,
                    BirthYear = r.BirthYear,
                    IdNumber = registry.PersonalData.ProtectIdNumber(r.IdNumber),
                    IdTailDigest = registry.Search.IdTailDigest(r.IdNumber),
                    Phone = registry.PersonalData.ProtectPhone(r.Phone),
                    Relation = r.Relation,
                });
                count++;
            }

            registry.Db.Households.Add(household);
        }

        return count;
    }
}

internal sealed class PlaceImport : ImportKind
{
    private const string Region = "所在村（社区）或网格编码";

    private static readonly Dictionary<string, string> s_headerOf = new(StringComparer.Ordinal)
    {
        ["name"] = "名称",
        ["kind"] = "场所类型",
        ["address"] = "地址",
        ["latitude"] = "纬度",
        ["longitude"] = "经度",
    };

    public override ImportTemplate Template { get; } = new("places", "场所建筑（地）",
    [
        new("名称", true, "如 西苑小区3栋、六尺巷小学"),
        new("场所类型", true, string.Join("、", RegistryLabels.PlaceKinds.Select(k => k.Label))),
        new(Region, true, "12 位村（社区）编码或 15 位网格编码"),
        new("地址", true, "场所地址"),
        new("纬度", false, "如 31.0366，与经度同时填写"),
        new("经度", false, "如 116.9512，与纬度同时填写"),
    ]);

    public override string RegionHeader => Region;

    public override RegionLevel[] Levels => PlaceRegistry.Levels;

    public override object? Prepare(ImportRow row, List<RowError> errors)
    {
        var input = new PlaceRegistry.Input(row["名称"], row["场所类型"], row[Region], row["地址"], Number(row, "纬度", errors), Number(row, "经度", errors));
        var kind = Collect(row, errors, s_headerOf, e => (PlaceKind?)PlaceRegistry.Validate(input, e));
        return kind is null ? null : (input, kind.Value);
    }

    public override int Add(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry)
    {
        foreach (var (_, item) in items)
        {
            var (input, kind) = ((PlaceRegistry.Input, PlaceKind))item;
            registry.Db.Places.Add(PlaceRegistry.NewPlace(input, kind, input.RegionCode!, registry.Now));
        }

        return items.Count;
    }
}

internal sealed class PartImport : ImportKind
{
    private const string Region = "所在村（社区）或网格编码";

    private static readonly Dictionary<string, string> s_headerOf = new(StringComparer.Ordinal)
    {
        ["kindCode"] = "部件类别代码",
        ["name"] = "部件名称",
        ["location"] = "位置描述",
        ["ownerDepartment"] = "主管部门",
        ["state"] = "状态",
        ["latitude"] = "纬度",
        ["longitude"] = "经度",
    };

    public override ImportTemplate Template { get; } = new("parts", "城市部件（物）",
    [
        new("部件类别代码", true, "4 位：大类 01 公用设施、02 道路交通、03 市容环境、04 园林绿化、05 房屋土地、06 其他设施 + 小类，如 " +
            string.Join("、", PartKinds.Common.Take(6).Select(k => $"{k.Code} {k.Name}"))),
        new("部件名称", true, "如 文昌路12号门前雨水井盖"),
        new(Region, true, "12 位村（社区）编码或 15 位网格编码"),
        new("位置描述", true, "便于现场找到的位置说明"),
        new("主管部门", true, "如 市住建局、市城管局"),
        new("状态", false, "完好、损坏、丢失或废弃；不填为完好"),
        new("纬度", false, "如 31.0366，与经度同时填写"),
        new("经度", false, "如 116.9512，与纬度同时填写"),
    ]);

    public override string RegionHeader => Region;

    public override RegionLevel[] Levels => PartRegistry.Levels;

    public override object? Prepare(ImportRow row, List<RowError> errors)
    {
        var input = new PartRegistry.Input(row["部件类别代码"], row["部件名称"], row[Region], row["位置描述"], row["主管部门"], row["状态"],
            Number(row, "纬度", errors), Number(row, "经度", errors));
        var state = Collect(row, errors, s_headerOf, e => (CityPartState?)PartRegistry.Validate(input, e));
        return state is null ? null : (input, state.Value);
    }

    public override int Add(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry)
    {
        foreach (var (_, item) in items)
        {
            var (input, state) = ((PartRegistry.Input, CityPartState))item;
            registry.Db.CityParts.Add(PartRegistry.NewPart(input, state, input.RegionCode!, registry.Now));
        }

        return items.Count;
    }
}

internal sealed class OrganisationImport : ImportKind
{
    private const string Region = "所在村（社区）或网格编码";
    private const string Credit = "统一社会信用代码";

    private static readonly Dictionary<string, string> s_headerOf = new(StringComparer.Ordinal)
    {
        ["name"] = "组织名称",
        ["kind"] = "组织类型",
        ["creditCode"] = Credit,
        ["address"] = "地址",
        ["contactName"] = "联系人",
        ["contactPhone"] = "联系电话",
    };

    public override ImportTemplate Template { get; } = new("organisations", "组织机构（组织）",
    [
        new("组织名称", true, "登记的全称"),
        new("组织类型", true, string.Join("、", RegistryLabels.OrganisationKinds.Select(k => k.Label))),
        new(Credit, false, "18 位，个体工商户等没有的可不填"),
        new(Region, true, "12 位村（社区）编码或 15 位网格编码"),
        new("地址", true, "经营或办公地址"),
        new("联系人", true, "联系人姓名"),
        new("联系电话", true, "11 位手机号或带区号的固定电话"),
    ]);

    public override string RegionHeader => Region;

    public override RegionLevel[] Levels => OrganisationRegistry.Levels;

    public override object? Prepare(ImportRow row, List<RowError> errors)
    {
        Lossy(row, Credit, errors);
        var input = new OrganisationRegistry.Input(row["组织名称"], row["组织类型"], row[Credit], row[Region], row["地址"], row["联系人"], row["联系电话"]);
        var kind = Collect(row, errors, s_headerOf, e => (OrganisationKind?)OrganisationRegistry.Validate(input, e));
        return kind is null ? null : (input, kind.Value);
    }

    public override async Task CheckAsync(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry, List<RowError> errors, CancellationToken ct)
    {
        var rows = items.Select(x => (x.Row, Code: ((OrganisationRegistry.Input, OrganisationKind))x.Item is var (input, _) && input.CreditCode is { } c ? CreditCode.Normalize(c) : null)).ToList();
        Duplicates(rows.Select(x => (x.Row, x.Code)), Credit, errors);
        var codes = rows.Where(x => x.Code is not null).Select(x => x.Code!).Distinct().ToList();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(500))
        {
            stored.UnionWith(await registry.Db.Organisations.AsNoTracking().Where(o => chunk.Contains(o.CreditCode!)).Select(o => o.CreditCode!).ToListAsync(ct));
        }

        errors.AddRange(rows.Where(x => x.Code is not null && stored.Contains(x.Code)).Select(x => new RowError(x.Row.Number, Credit, "该统一社会信用代码已登记。")));
    }

    public override int Add(IReadOnlyList<(ImportRow Row, object Item)> items, RegistryContext registry)
    {
        foreach (var (_, item) in items)
        {
            var (input, kind) = ((OrganisationRegistry.Input, OrganisationKind))item;
            registry.Db.Organisations.Add(OrganisationRegistry.NewOrganisation(input, kind, input.RegionCode!.Trim(), registry.PersonalData, registry.Now));
        }

        return items.Count;
    }
}
