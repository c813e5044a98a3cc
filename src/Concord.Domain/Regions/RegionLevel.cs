namespace Concord.Domain.Regions;

/// <summary>Levels of the administrative tree, province (省) down to household unit (十联户).</summary>
public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
    Town = 4,
    Village = 5,
    Grid = 6,
    HouseholdUnit = 7,
}
