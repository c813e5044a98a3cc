using Concord.Domain.Regions;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits;

/// <summary>A place named in a visit query (a grid, a village …): its code checked, and looked up within the actor's subtree.</summary>
internal static class VisitPlaces
{
    /// <summary>
    /// Null when no place was given. A malformed code is a field error; a place outside the
    /// actor's subtree (or one that does not exist) is 404, like any other row out of scope.
    /// </summary>
    public static async Task<string?> FindAsync(ConcordDb db, string? code, FieldErrors errors, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        code = code.Trim();
        if (!RegionCode.TryGetLevel(code, out _))
        {
            errors.Add(field, "区划代码格式不正确（应为 2 至 17 位数字）。");
            return null;
        }

        // The region filter is the data scope: a code outside it is simply not there.
        var exists = await db.Regions.AsNoTracking().AnyAsync(r => r.Code == code, ct);
        return exists ? code : throw new NotFoundException("该区域");
    }
}

/// <summary>Dates people choose are China Standard Time days; stored times are UTC.</summary>
internal static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime StartOf(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + Offset);
}
