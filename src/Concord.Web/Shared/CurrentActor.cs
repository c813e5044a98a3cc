using System.Security.Claims;
using Concord.Domain.Identity;

namespace Concord.Web.Shared;

/// <summary>The actor of the current request, read from the signed-in principal's claims.</summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    public const string OrgIdClaim = "concord:org";
    public const string OrgNameClaim = "concord:org_name";
    public const string ScopeClaim = "concord:scope";
    public const string DisplayNameClaim = "concord:name";

    private Actor? _actor;

    public Actor Actor => _actor ??= FromPrincipal(http.HttpContext?.User);

    public static Actor FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true
            || !long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !Roles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return Actor.Anonymous;
        }

        return new Actor(
            userId,
            user.FindFirstValue(DisplayNameClaim) ?? user.Identity.Name ?? "",
            role,
            long.TryParse(user.FindFirstValue(OrgIdClaim), out var org) ? org : null,
            user.FindFirstValue(OrgNameClaim) ?? "",
            user.FindFirstValue(ScopeClaim));
    }
}
