using Concord.Web.Shared;

namespace Concord.Web.Residents;

/// <summary>A household (户), belonging to a 十联户 unit whose code is its RegionCode.</summary>
public sealed class Household : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public required string Address { get; set; }

    public List<Resident> Members { get; } = [];
}

public sealed class Resident : IRegionScoped
{
    public long Id { get; init; }

    public long HouseholdId { get; init; }

    public required string RegionCode { get; init; }

    public required string Name { get; set; }

    public bool Male { get; set; }

    public int BirthYear { get; set; }

    public ProtectedValue IdNumber { get; set; } = ProtectedValue.None;

    public ProtectedValue Phone { get; set; } = ProtectedValue.None;
}
