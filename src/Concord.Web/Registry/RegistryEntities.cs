using Concord.Web.Shared;

namespace Concord.Web.Registry;

/// <summary>地: a place or building of a village or grid (小区, 楼栋, 学校, 商铺 …).</summary>
public sealed class Place : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The village (12 digits) or grid (15 digits) the place is in.</summary>
    public required string RegionCode { get; set; }

    public required string Name { get; set; }

    public PlaceKind Kind { get; set; }

    public required string Address { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum PlaceKind
{
    Residential,
    Building,
    School,
    Hospital,
    Shop,
    Factory,
    Religious,
    Public,
    Office,
    Other,
}

/// <summary>物: a city part (城市部件, GB/T 30428.2): a manhole cover, a street lamp, a fire hydrant …</summary>
public sealed class CityPart : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; set; }

    /// <summary>The part's class code (大类 2 digits + 小类 2 digits).</summary>
    public required string KindCode { get; set; }

    public required string Name { get; set; }

    public required string Location { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The department responsible for it (主管部门).</summary>
    public required string OwnerDepartment { get; set; }

    public CityPartState State { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum CityPartState
{
    Intact,
    Damaged,
    Missing,
    Retired,
}

/// <summary>组织: an enterprise, shop, social organisation or institution of a village or grid.</summary>
public sealed class Organisation : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; set; }

    public required string Name { get; set; }

    public OrganisationKind Kind { get; set; }

    /// <summary>统一社会信用代码 (GB 32100-2015); individual businesses may not have one.</summary>
    public string? CreditCode { get; set; }

    public required string Address { get; set; }

    /// <summary>The contact person's name: personal data, protected and masked like a phone.</summary>
    public ProtectedValue ContactName { get; set; } = ProtectedValue.None;

    public ProtectedValue ContactPhone { get; set; } = ProtectedValue.None;

    public DateTime UpdatedAt { get; set; }
}

public enum OrganisationKind
{
    Enterprise,
    IndividualBusiness,
    SocialOrganisation,
    Institution,
    VillageOrganisation,
    Other,
}

/// <summary>情: a public-sentiment note (社情民意) heard in a grid.</summary>
public sealed class SentimentNote : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The grid (or village) it was heard in.</summary>
    public required string RegionCode { get; set; }

    public SentimentTopic Topic { get; set; }

    public required string Text { get; set; }

    public required string ReporterName { get; set; }

    public long? ReportedByUserId { get; set; }

    public DateTime ReportedAt { get; set; }
}

public enum SentimentTopic
{
    Livelihood,
    Hazard,
    Suggestion,
    Policy,
    Praise,
    Other,
}

/// <summary>
/// One upload of an import file, kept whether it was imported or rejected: its row-by-row report
/// can be downloaded later, and the file's hash stops a double-submitted upload from being
/// imported twice.
/// </summary>
public sealed class RegistryImport : IRegionScoped
{
    public long Id { get; init; }

    /// <summary>The uploader's scope: only people who see that subtree see the report.</summary>
    public required string RegionCode { get; init; }

    public required string Kind { get; init; }

    public required string FileName { get; init; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public required string FileHash { get; init; }

    public long UserId { get; init; }

    public bool Imported { get; init; }

    public int Rows { get; init; }

    public int Errors { get; init; }

    /// <summary>The row errors as JSON (row, column, reason); empty when imported.</summary>
    public required string Report { get; init; }

    public DateTime CreatedAt { get; init; }
}

public static class RegistryLabels
{
    public static readonly IReadOnlyList<(PlaceKind Kind, string Label)> PlaceKinds =
    [
        (PlaceKind.Residential, "住宅小区"), (PlaceKind.Building, "楼栋"), (PlaceKind.School, "学校幼儿园"),
        (PlaceKind.Hospital, "医疗卫生机构"), (PlaceKind.Shop, "商铺市场"), (PlaceKind.Factory, "企业厂房"),
        (PlaceKind.Religious, "宗教场所"), (PlaceKind.Public, "公共场所"), (PlaceKind.Office, "村（居）委会、党群服务中心"),
        (PlaceKind.Other, "其他"),
    ];

    public static readonly IReadOnlyList<(CityPartState State, string Label)> PartStates =
        [(CityPartState.Intact, "完好"), (CityPartState.Damaged, "损坏"), (CityPartState.Missing, "丢失"), (CityPartState.Retired, "废弃")];

    public static readonly IReadOnlyList<(OrganisationKind Kind, string Label)> OrganisationKinds =
    [
        (OrganisationKind.Enterprise, "企业"), (OrganisationKind.IndividualBusiness, "个体工商户"), (OrganisationKind.SocialOrganisation, "社会组织"),
        (OrganisationKind.Institution, "机关事业单位"), (OrganisationKind.VillageOrganisation, "村（居）民自治组织"), (OrganisationKind.Other, "其他"),
    ];

    public static readonly IReadOnlyList<(SentimentTopic Topic, string Label)> Topics =
    [
        (SentimentTopic.Livelihood, "民生诉求"), (SentimentTopic.Hazard, "矛盾隐患"), (SentimentTopic.Suggestion, "意见建议"),
        (SentimentTopic.Policy, "政策反映"), (SentimentTopic.Praise, "好人好事"), (SentimentTopic.Other, "其他"),
    ];

    public static string Of(PlaceKind kind) => PlaceKinds.First(k => k.Kind == kind).Label;

    public static string Of(CityPartState state) => PartStates.First(s => s.State == state).Label;

    public static string Of(OrganisationKind kind) => OrganisationKinds.First(k => k.Kind == kind).Label;

    public static string Of(SentimentTopic topic) => Topics.First(t => t.Topic == topic).Label;

    /// <summary>An enum value from its code (as the API sends it) or its Chinese label (as a form or an import file has it).</summary>
    public static bool TryParse<T>(IReadOnlyList<(T Value, string Label)> labels, string? text, out T value)
        where T : struct, Enum
    {
        var t = (text ?? "").Trim();
        foreach (var (v, label) in labels)
        {
            if (label == t || string.Equals(v.ToString(), t, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
