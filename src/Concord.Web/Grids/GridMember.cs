using Concord.Domain.Registry;
using Concord.Web.Shared;

namespace Concord.Web.Grids;

/// <summary>
/// A person serving the grid (网格长, 网格员 or 联户长), with or without a login. Belongs to the
/// place of the post held now (or last), so that the grid's own workers see their colleagues.
/// </summary>
public sealed class GridMember : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; set; }

    public required string Name { get; set; }

    public ProtectedValue Phone { get; set; } = ProtectedValue.None;

    /// <summary>The member's login, when they have one.</summary>
    public long? UserId { get; set; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>One term of a member in a post: from, to (open while serving), who assigned and who ended it.</summary>
public sealed class GridAssignment : IRegionScoped
{
    public long Id { get; init; }

    public long MemberId { get; init; }

    /// <summary>The post's place: a grid (15 digits) or, for a 联户长, a 十联户 (17 digits).</summary>
    public required string RegionCode { get; init; }

    /// <summary>Copied from the member: history stays readable after the member moves to a place the reader does not see.</summary>
    public required string MemberName { get; init; }

    public GridPost Post { get; init; }

    public DateOnly From { get; init; }

    public DateOnly? To { get; set; }

    public long? AssignedByUserId { get; init; }

    public required string AssignedByName { get; init; }

    public string? EndedByName { get; set; }

    public string? EndReason { get; set; }
}
