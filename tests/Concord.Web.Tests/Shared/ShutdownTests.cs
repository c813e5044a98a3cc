using System.Net;
using Concord.Web.Shared;
using Concord.Web.Tests.Events;
using Concord.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_stop_during_a_batch_answers_every_job_of_it_and_refuses_later_writes()
    {
        var app = new ConcordFactory();
        await app.InitializeAsync();
        var database = app.Database;
        try
        {
            var writer = app.Services.GetRequiredService<BatchWriter>();
            var actor = Actor.System();

            // The first job holds the writer while the next two are queued, so that the batch the
            // stop interrupts has more than one job: [waiting, behind], or the first job with them
            // if the writer read them together. "waiting" waits until the app stops.
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var holder = writer.WriteAsync(actor, async (_, _) =>
            {
                await release.Task;
                return 0;
            });
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = writer.WriteAsync(actor, async (_, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return 1;
            });
            var behind = writer.WriteAsync(actor, (_, _) => ValueTask.FromResult(2));
            release.SetResult();
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

            await app.StopAsync(throwIfUnclean: true, keepDatabase: true);

            // No job of the interrupted batch is left waiting, and none of it is acknowledged.
            Task[] jobs = [holder, waiting, behind];
            var answered = Task.WhenAll(jobs.Select(job => job.ContinueWith(_ => { }, TaskScheduler.Default)));
            (await Task.WhenAny(answered, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(answered, "a job of the interrupted batch was never answered");
            if (!holder.IsCanceled)
            {
                // It committed alone, before the other two were read.
                (await holder).ShouldBe(0);
            }

            waiting.IsCanceled.ShouldBeTrue();
            behind.IsCanceled.ShouldBeTrue();

            // A write after the stop fails at once instead of waiting for a writer that is gone.
            var late = writer.WriteAsync(actor, (_, _) => ValueTask.FromResult(3));
            (await Task.WhenAny(late, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(late, "a write after the stop was never answered");
            late.IsFaulted.ShouldBeTrue();
        }
        finally
        {
            await app.StopAsync(throwIfUnclean: false, keepDatabase: true);
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
