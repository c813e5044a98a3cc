using Concord.Domain.Identity;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Identity;

namespace Concord.Web.Identity;

/// <summary>A staff account, bound to exactly one org unit and one role.</summary>
public sealed class AppUser : IdentityUser<long>, IRegionScoped
{
    public required string DisplayName { get; set; }

    public Role Role { get; set; }

    public long OrgUnitId { get; set; }

    /// <summary>Copied from the org unit: the subtree this user sees.</summary>
    public required string RegionCode { get; set; }

    public DateTime CreatedAt { get; init; }
}
