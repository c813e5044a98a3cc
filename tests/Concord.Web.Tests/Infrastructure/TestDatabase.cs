using Microsoft.Data.Sqlite;
using Npgsql;

namespace Concord.Web.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one factory: a temp-file SQLite database by default, or a
/// uniquely named PostgreSQL database when <c>CONCORD_TEST_POSTGRES</c> holds a connection
/// string to a server (CI sets it for the second run). Dropped or deleted on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CONCORD_TEST_POSTGRES";

    private readonly string? _serverConnectionString;
    private readonly string? _sqliteFolder;

    private TestDatabase(bool postgres, string connectionString, string? serverConnectionString, string? sqliteFolder, string name)
    {
        IsPostgres = postgres;
        ConnectionString = connectionString;
        _serverConnectionString = serverConnectionString;
        _sqliteFolder = sqliteFolder;
        Name = name;
    }

    public bool IsPostgres { get; }

    /// <summary>The value for <c>Database:Provider</c>.</summary>
    public string Provider => IsPostgres ? "Postgres" : "Sqlite";

    public string ConnectionString { get; }

    public string Name { get; }

    public static bool PostgresRequested => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        var name = "concord_test_" + Guid.NewGuid().ToString("N")[..16];
        if (string.IsNullOrWhiteSpace(server))
        {
            var folder = Path.Combine(Path.GetTempPath(), name);
            Directory.CreateDirectory(folder);
            var sqlite = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "concord.db"), Pooling = false }.ToString();
            return new TestDatabase(false, sqlite, null, folder, name);
        }

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(true, builder.ToString(), server, null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres)
        {
            await Teardown.DropPostgresDatabaseAsync(_serverConnectionString!, Name);
        }
        else if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a late background write; the temp folder is cleaned by the OS.
            }
        }
    }
}
