using Concord.Domain.Identity;
using Concord.Domain.Regions;

namespace Concord.Web.Shared;

/// <summary>Who is acting: the signed-in user, nobody, or the system itself (start-up, seeding, jobs).</summary>
public sealed record Actor(long? UserId, string Name, Role? Role, long? OrgUnitId, string OrgName, string? ScopeCode)
{
    public static readonly Actor Anonymous = new(null, "匿名", null, null, "", null);

    public static Actor System(string rootRegion = "") => new(null, "系统", null, null, "系统", rootRegion) { IsSystem = true };

    public bool IsSystem { get; private init; }

    public bool IsAuthenticated => UserId is not null || IsSystem;

    /// <summary>Inclusive lower bound of the visible code range; equal bounds mean nothing is visible.</summary>
    public string ScopeLow => IsSystem ? "" : ScopeCode ?? "";

    public string ScopeHigh => IsSystem ? "~" : ScopeCode is null ? "" : RegionCode.UpperBound(ScopeCode);

    public bool Can(Permission permission) => Role is { } r && RolePermissions.Has(r, permission);

    public bool Sees(string regionCode) =>
        string.CompareOrdinal(regionCode, ScopeLow) >= 0 && string.CompareOrdinal(regionCode, ScopeHigh) < 0;
}
