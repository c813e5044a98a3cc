using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Visits.MarkKeyHousehold;

/// <summary>重点户: the grid leader flags a household for weekly visits (周重点走访), with the reason, or lifts the flag.</summary>
public static class MarkKeyHousehold
{
    public sealed record Request(bool? Key, string? Reason);

    public sealed class Handler(ConcordDb db, BatchWriter writer, TimeProvider clock)
    {
        public async Task HandleAsync(long householdId, Request request, CancellationToken ct = default)
        {
            var household = await db.Households.AsNoTracking().Where(h => h.Id == householdId)
                .Select(h => new { h.Id, h.RegionCode, h.Address }).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("该户");
            var errors = new FieldErrors();
            if (request.Key is null)
            {
                errors.Add("key", "请说明是设为重点户还是取消重点户。");
            }

            var reason = request.Reason?.Trim();
            if (request.Key == true && string.IsNullOrEmpty(reason))
            {
                errors.Add("reason", "请填写列为重点户的原因。");
            }
            else if (reason is { Length: > 200 })
            {
                errors.Add("reason", "原因不能超过 200 个字。");
            }

            errors.ThrowIfAny();
            var key = request.Key!.Value;
            var actor = db.Actor;
            // Through the single writer, like visits: a visit and a flag on the same household
            // never race to create its state row.
            await writer.WriteAsync(actor, async (w, token) =>
            {
                var state = await w.Db.HouseholdVisitStates.FindAsync([householdId], token);
                if (state is null && !key)
                {
                    return false;
                }

                if (state is null)
                {
                    state = new HouseholdVisitState { HouseholdId = household.Id, RegionCode = household.RegionCode };
                    w.Db.HouseholdVisitStates.Add(state);
                }

                if (state.Key == key && (!key || state.KeyReason == reason))
                {
                    return false;
                }

                state.Key = key;
                state.KeyReason = key ? reason : null;
                state.KeyMarkedAt = clock.GetUtcNow().UtcDateTime;
                state.KeyMarkedBy = actor.Name;
                w.Db.Audit(key ? "household.key_marked" : "household.key_lifted", "Household", household.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new
                {
                    household.RegionCode,
                    address = household.Address.Masked,
                    reason = key ? reason : null,
                });
                return true;
            }, ct);
        }
    }
}
