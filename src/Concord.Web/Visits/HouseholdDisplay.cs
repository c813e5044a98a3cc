using Concord.Domain.Identity;
using Concord.Domain.Privacy;
using Concord.Web.Shared;

namespace Concord.Web.Visits;

/// <summary>
/// How a household is shown in the visit pages. A household's address and its head's name are
/// personal: shown in full to roles with <see cref="Permission.PersonalDataUnmasked"/> and to the
/// people who walk the grid (a user whose scope is one grid or one 十联户 — they visit these
/// doors and could not find them from a masked address); masked for everybody above.
/// </summary>
public static class HouseholdDisplay
{
    public static bool ShowsInFull(Actor actor) =>
        actor.Can(Permission.PersonalDataUnmasked) || actor.ScopeCode is { Length: >= 15 };

    public static string Address(string address, bool full) =>
        full || address.Length <= 6 ? address : address[..6] + "****";

    public static string? Head(string? name, bool full) =>
        name is null ? null : full ? name : PersonName.Mask(name);
}
