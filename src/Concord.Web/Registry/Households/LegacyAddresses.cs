using Concord.Web.Persistence;
using Concord.Web.Residents;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Registry.Households;

/// <summary>
/// Start-up step after the schema scripts: script 0008 moved the clear-text household addresses
/// into <c>legacy_household_addresses</c>; this encrypts each into its household exactly as the
/// registry does on create or edit (protected value + blind-index tokens), unless the household
/// already has a protected address, and deletes the legacy row. Batches of
/// <see cref="BatchSize"/> rows, each one write transaction through the normal write path with
/// one audit entry of counts only; no address reaches the audit or the log. Idempotent and
/// restartable: a batch either commits whole or leaves its rows for the next start.
/// </summary>
public static class LegacyAddresses
{
    public const int BatchSize = 1000;

    public const string AuditAction = "registry.legacy_addresses_encrypted";

    /// <summary>Encrypts every waiting legacy address; returns how many households got their address.</summary>
    public static async Task<int> EncryptAsync(ConcordDb db, RegistrySearch search, ILogger log, int batchSize = BatchSize, CancellationToken ct = default)
    {
        if (!db.Actor.IsSystem)
        {
            throw new InvalidOperationException("Legacy addresses are encrypted by the system actor only.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var total = new Counts(0, 0, 0, 0);
        // The probe outside the write gate: once the table is empty, start-up costs one query.
        while (await db.LegacyHouseholdAddresses.AnyAsync(ct))
        {
            var counts = await EncryptBatchAsync(db, search, batchSize, ct);
            if (counts.Rows == 0)
            {
                break;
            }

            total += counts;
        }

        if (total.Rows > 0)
        {
            log.LogInformation("Encrypted {Encrypted} legacy household addresses (already protected: {AlreadyProtected}, blank: {Blank}, household gone: {WithoutHousehold})",
                total.Encrypted, total.AlreadyProtected, total.Blank, total.WithoutHousehold);
        }

        return total.Encrypted;
    }

    private static async Task<Counts> EncryptBatchAsync(ConcordDb db, RegistrySearch search, int batchSize, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var write = await db.BeginWriteAsync(ct);
        // Read inside the write gate (and, on PostgreSQL, the chain lock): a second instance
        // starting at the same time waits here and then sees only the rows still left.
        var batch = await db.LegacyHouseholdAddresses.OrderBy(l => l.HouseholdId).Take(batchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return new Counts(0, 0, 0, 0);
        }

        var ids = batch.Select(l => l.HouseholdId).ToList();
        var households = await db.Households.Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
        var counts = new Counts(0, 0, 0, 0);
        foreach (var legacy in batch)
        {
            if (!households.TryGetValue(legacy.HouseholdId, out var household))
            {
                counts = counts with { WithoutHousehold = counts.WithoutHousehold + 1 };
            }
            else if (household.Address.HasValue)
            {
                // Entered through the registry since the upgrade: the newer address stands.
                counts = counts with { AlreadyProtected = counts.AlreadyProtected + 1 };
            }
            else
            {
                var (address, tokens) = search.ProtectAddress(legacy.Address);
                if (address.HasValue)
                {
                    household.Address = address;
                    household.AddressTokens = tokens;
                    counts = counts with { Encrypted = counts.Encrypted + 1 };
                }
                else
                {
                    counts = counts with { Blank = counts.Blank + 1 };
                }
            }

            db.Remove(legacy);
        }

        db.Audit(AuditAction, nameof(Household), "", new
        {
            rows = batch.Count,
            encrypted = counts.Encrypted,
            alreadyProtected = counts.AlreadyProtected,
            blank = counts.Blank,
            withoutHousehold = counts.WithoutHousehold,
        });
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return counts;
    }

    private sealed record Counts(int Encrypted, int AlreadyProtected, int Blank, int WithoutHousehold)
    {
        public int Rows => Encrypted + AlreadyProtected + Blank + WithoutHousehold;

        public static Counts operator +(Counts a, Counts b) =>
            new(a.Encrypted + b.Encrypted, a.AlreadyProtected + b.AlreadyProtected, a.Blank + b.Blank, a.WithoutHousehold + b.WithoutHousehold);
    }
}
