namespace Concord.Web.Tests.Infrastructure;

/// <summary>
/// A test that means something only on PostgreSQL (cross-instance locking). On SQLite it is
/// reported as skipped — never as passed — so CI's count stays honest.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.PostgresRequested)
        {
            Skip = "Needs PostgreSQL: set CONCORD_TEST_POSTGRES (CI runs it in the PostgreSQL pass).";
        }
    }
}
