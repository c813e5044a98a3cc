using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Concord.Web.Registry.Households;

/// <summary>
/// A household address stored in clear before script 0008, waiting to be encrypted into its
/// household by <see cref="LegacyAddresses"/> at start-up and then deleted. Not
/// <see cref="Shared.IRegionScoped"/>: only the system actor reads or writes it (the step refuses
/// any other actor), and the table is empty once the step has run.
/// </summary>
public sealed class LegacyHouseholdAddress
{
    public long HouseholdId { get; init; }

    public required string Address { get; init; }
}

internal sealed class LegacyHouseholdAddressConfiguration : IEntityTypeConfiguration<LegacyHouseholdAddress>
{
    public void Configure(EntityTypeBuilder<LegacyHouseholdAddress> b)
    {
        b.HasKey(l => l.HouseholdId);
        b.Property(l => l.HouseholdId).ValueGeneratedNever();
        b.Property(l => l.Address).HasMaxLength(200);
    }
}
