using Concord.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Infrastructure;

public static class TestDatabaseContexts
{
    /// <summary>A context on the database, outside any app (for schema work).</summary>
    public static ConcordDb CreateContext(this TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<ConcordDb>();
        if (database.IsPostgres)
        {
            options.UseNpgsql(database.ConnectionString);
        }
        else
        {
            options.UseSqlite(database.ConnectionString);
        }

        return new ConcordDb(options.Options, TimeProvider.System);
    }
}
