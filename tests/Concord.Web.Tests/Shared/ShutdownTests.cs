using System.Net;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Concord.Web.Tests.Shared;

/// <summary>
/// The app stops cleanly after it has served the hot paths — the group-commit writer's batches
/// (a case, an event), raw reads (my tasks) and the start-up work — and what it acknowledged
/// is in the database afterwards. The shared apps of the other collections only log a stop
/// that throws (<see cref="Teardown"/>); this one fails on it.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task The_app_stops_without_an_error_and_keeps_every_acknowledged_write()
    {
        var app = new ConcordFactory();
        await app.InitializeAsync();
        var database = app.Database;
        string caseCode, eventCode;
        using (var clerk = await app.LoginAsync("clerk"))
        using (var worker = await app.LoginAsync("xiyuan.gridworker"))
        {
            caseCode = await clerk.RegisterCaseAsync(CaseRequests.Body(marker: Guid.NewGuid().ToString("N")[..8]));
            eventCode = await worker.ReportEventAsync();
            using var tasks = await worker.GetAsync("/api/me/tasks");
            tasks.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // The database outlives the app (keepDatabase) so that it can be read after the stop.
        try
        {
            await Should.NotThrowAsync(async () => await app.StopAsync(throwIfUnclean: true, keepDatabase: true));
            (await CountAsync(database, "cases", caseCode)).ShouldBe(1);
            (await CountAsync(database, "grid_events", eventCode)).ShouldBe(1);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(TestDatabase database, string table, string code)
    {
        await using System.Data.Common.DbConnection connection = database.IsPostgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table} WHERE code = @code";
        var p = cmd.CreateParameter();
        p.ParameterName = "@code";
        p.Value = code;
        cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
