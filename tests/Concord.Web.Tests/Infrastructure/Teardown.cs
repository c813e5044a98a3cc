using Npgsql;

namespace Concord.Web.Tests.Infrastructure;

/// <summary>
/// Tearing down what a shared fixture made (its app, its database) after its collection has run.
/// A teardown that throws does not make any test's finding false, and xUnit reports it only as a
/// bare type name ("Test Collection Cleanup Failure … PostgresException"), so teardown errors are
/// written in full to a file in the temp folder, which <c>.ci/run</c> prints after the tests.
/// Stopping cleanly is itself tested (ShutdownTests). Shared with the browser tests (linked file).
/// </summary>
public static class Teardown
{
    public static string LogPath => Path.Combine(Path.GetTempPath(), "concord-test-shutdown.log");

    private static readonly Lock s_gate = new();

    /// <summary>Runs one teardown step; an exception is logged in full instead of thrown.</summary>
    public static async Task StepAsync(string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex)
        {
            Record(what, ex);
        }
    }

    public static void Record(string what, Exception ex)
    {
        lock (s_gate)
        {
            File.AppendAllText(LogPath, $"{DateTime.UtcNow:O} {what}:{Environment.NewLine}{ex}{Environment.NewLine}{Environment.NewLine}");
        }
    }

    /// <summary>
    /// Drops a test database, disconnecting whoever is still on it. PostgreSQL refuses while a
    /// connection is still arriving (55006, "being accessed by other users"), so it tries again.
    /// WITH (FORCE) also refuses (42501) when a background worker without a role, such as an
    /// autovacuum worker, is on the database and the test role is not a superuser; a plain DROP
    /// cancels autovacuum by itself, so the next attempt goes without FORCE.
    /// </summary>
    public static async Task DropPostgresDatabaseAsync(string serverConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        var force = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(serverConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"{(force ? " WITH (FORCE)" : "")}", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 5)
            {
                force = true;
                await Task.Delay(200 * attempt);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 5)
            {
                force = false;
                await Task.Delay(200 * attempt);
            }
        }
    }
}
