using Concord.Domain.Regions;

namespace Concord.Domain.Registry;

/// <summary>Posts of the grid (网格化管理): who serves a grid or a 十联户.</summary>
public enum GridPost
{
    /// <summary>网格长: leads a grid (often a village cadre); one at a time.</summary>
    GridLeader,

    /// <summary>专职网格员.</summary>
    FullTimeWorker,

    /// <summary>兼职网格员.</summary>
    PartTimeWorker,

    /// <summary>联户长: heads a 十联户 (household unit); one at a time.</summary>
    HouseholdHead,
}

public static class GridPosts
{
    public static string Label(GridPost post) => post switch
    {
        GridPost.GridLeader => "网格长",
        GridPost.FullTimeWorker => "专职网格员",
        GridPost.PartTimeWorker => "兼职网格员",
        GridPost.HouseholdHead => "联户长",
        _ => post.ToString(),
    };

    /// <summary>The level of place a post is held at: 联户长 at a 十联户, the others at a grid.</summary>
    public static RegionLevel LevelOf(GridPost post) => post == GridPost.HouseholdHead ? RegionLevel.HouseholdUnit : RegionLevel.Grid;

    /// <summary>A grid has one 网格长 and a 十联户 one 联户长; a grid may have several 网格员.</summary>
    public static bool HasOneHolder(GridPost post) => post is GridPost.GridLeader or GridPost.HouseholdHead;

    public static bool TryParse(string? value, out GridPost post) =>
        Enum.TryParse(value, ignoreCase: true, out post) && Enum.IsDefined(post);
}

/// <summary>A current (open) assignment as the reassignment rule sees it.</summary>
public sealed record OpenAssignment(long Id, long MemberId, string RegionCode, GridPost Post, DateOnly From);

/// <summary>
/// Reassignment: a member holds one post at a time, and a one-holder post has one holder, so a
/// new assignment closes the member's current one and the post's current holder's (the day
/// before it starts, so that history has no overlap). A start before an assignment it would
/// close is refused: history is not rewritten.
/// </summary>
public static class Reassignment
{
    public sealed record Outcome(IReadOnlyList<OpenAssignment> ToClose, DateOnly ClosedOn, string? Refusal);

    public static Outcome Plan(long memberId, string regionCode, GridPost post, DateOnly from, IEnumerable<OpenAssignment> open)
    {
        var toClose = open
            .Where(a => a.MemberId == memberId || (GridPosts.HasOneHolder(post) && a.Post == post && a.RegionCode == regionCode))
            .ToList();
        if (toClose.Any(a => a.MemberId == memberId && a.RegionCode == regionCode && a.Post == post))
        {
            return new Outcome([], from, "该成员已担任此职务。");
        }

        if (toClose.Any(a => a.From >= from))
        {
            return new Outcome([], from, "任职开始日期不能早于或等于将被接替的任职的开始日期。");
        }

        return new Outcome(toClose, from.AddDays(-1), null);
    }
}
