using Concord.Web.Shared;

namespace Concord.Web.Residents;

/// <summary>A household (户), belonging to a 十联户 unit whose code is its RegionCode (under a grid).</summary>
public sealed class Household : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; set; }

    /// <summary>The home address: personal data, protected and masked (first six characters) for roles without the unmasked view.</summary>
    public ProtectedValue Address { get; set; } = ProtectedValue.None;

    /// <summary>
    /// Blind index of the address for keyword search: keyed digests of its CJK unigrams and bigrams
    /// (see Registry/RegistrySearch.cs), so that a search by address needs no address in clear.
    /// </summary>
    public string? AddressTokens { get; set; }

    public DateTime? UpdatedAt { get; set; }

    public List<Resident> Members { get; } = [];
}

public sealed class Resident : IRegionScoped
{
    public long Id { get; init; }

    public long HouseholdId { get; set; }

    public required string RegionCode { get; set; }

    public required string Name { get; set; }

    public bool Male { get; set; }

    public int BirthYear { get; set; }

    public ProtectedValue IdNumber { get; set; } = ProtectedValue.None;

    public ProtectedValue Phone { get; set; } = ProtectedValue.None;

    /// <summary>Keyed digest of the ID number's last six characters, for search by ID tail (Concord.Domain.Registry.IdTail).</summary>
    public string? IdTailDigest { get; set; }

    /// <summary>与户主关系: 户主, 配偶, 子女 …</summary>
    public string? Relation { get; set; }
}
