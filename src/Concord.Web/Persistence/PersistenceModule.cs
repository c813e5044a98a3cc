using Concord.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Persistence;

public static class PersistenceModule
{
    /// <summary>
    /// SQLite under ./data/ by default; PostgreSQL with <c>Database__Provider=Postgres</c> and
    /// <c>ConnectionStrings__Concord</c>.
    /// </summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        var postgres = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        var connectionString = builder.Configuration.GetConnectionString("Concord");
        if (!postgres)
        {
            // A relative SQLite path is relative to the content root (the project folder under
            // `dotnet run`), whatever the shell's current directory is.
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString ?? "Data Source=data/concord.db");
            if (sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource) && sqlite.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
            {
                sqlite.DataSource = Path.Combine(builder.Environment.ContentRootPath, sqlite.DataSource);
            }

            if (sqlite.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && sqlite.DataSource != ":memory:")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
            }

            connectionString = sqlite.ToString();
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Concord is not set.");
        }
        else
        {
            // EF sends its statements unprepared, so PostgreSQL parses and plans each one every time
            // (more than it spends running the small lookups of a write). Npgsql's automatic
            // preparation keeps the frequent ones prepared per connection; a connection string that
            // sets Max Auto Prepare itself wins (docs/decisions/0008-my-tasks-raw-reads.md).
            var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!npgsql.ContainsKey("Max Auto Prepare"))
            {
                npgsql.MaxAutoPrepare = 64;
                npgsql.AutoPrepareMinUsages = 2;
                connectionString = npgsql.ToString();
            }
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddDbContextFactory<ConcordDb>((sp, options) =>
        {
            // Modules hook into the context by registering interceptors (e.g. the dashboard's commit feed).
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            if (postgres)
            {
                options.UseNpgsql(connectionString);
            }
            else
            {
                options.UseSqlite(connectionString, o => o.CommandTimeout(60));
                options.AddInterceptors(new SqlitePragmas());
            }
        });
        builder.Services.AddSingleton(_ => new RawReads(connectionString, postgres));
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ConcordDb>>()
            .CreateDbContext().ActAs(sp.GetRequiredService<CurrentActor>().Actor));
        builder.Services.AddScoped<CurrentActor>();
        return builder;
    }
}
