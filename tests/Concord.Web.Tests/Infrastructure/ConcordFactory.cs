using System.Net.Http.Headers;
using System.Net.Http.Json;
using Concord.Web.Demo;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Concord.Web.Tests.Infrastructure;

/// <summary>
/// The real app (real start-up: schema scripts, data key, demo county 桐城市 340881 with its
/// demo users) on a real, fresh database of its own. Seeding takes seconds, so a factory is
/// shared by a whole test collection; tests make their own cases and never assume an empty
/// case table.
/// </summary>
public sealed class ConcordFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loginGate = new(1, 1);
    private TestDatabase? _database;
    private bool _disposed;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory has not been initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // Starts the host, which runs PrepareAsync (migrations + seeding) before it answers.
        using var client = CreateClient();
        var health = await client.GetAsync("/healthz");
        health.EnsureSuccessStatusCode();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("ConnectionStrings:Concord", Database.ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Households", "false");
        builder.UseSetting("Demo:HistoricalCases", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");

        // All test requests come from one address; the limiter itself is tested with a low limit.
        builder.UseSetting("Concord:PublicRateLimit:PerMinute", "100000");
        // Tests sweep deadlines themselves, at chosen times (DeadlineSweeper.SweepOnceAsync).
        builder.UseSetting("Concord:Sweeper:Enabled", "false");
        // … and scan for early warnings themselves (WarningScanner.ScanOnceAsync).
        builder.UseSetting("Concord:Warnings:Enabled", "false");
        // Evidence files of a test run stay out of the source tree.
        builder.UseSetting("Concord:EvidenceFolder", Path.Combine(Path.GetTempPath(), Database.Name + "_evidence"));
    }

    /// <summary>An API client signed in as a demo user (bearer token, cached per user).</summary>
    public async Task<HttpClient> LoginAsync(string userName)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName));
        return client;
    }

    private async Task<string> TokenAsync(string userName)
    {
        await _loginGate.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(userName, out var token))
            {
                using var anonymous = CreateClient();
                var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password = DemoUsers.Password });
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
                _tokens[userName] = token = body!.AccessToken;
            }

            return token;
        }
        finally
        {
            _loginGate.Release();
        }
    }

    /// <summary>A context acting as the system (sees every row), for checking what was stored.</summary>
    public ConcordDb SystemDb()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<ConcordDb>>();
        return factory.CreateDbContext().ActAs(Actor.System());
    }

    public override ValueTask DisposeAsync() => StopAsync(throwIfUnclean: false);

    /// <summary>
    /// Stops the app and drops its database (unless <paramref name="keepDatabase"/>: then it is the
    /// caller's to dispose); with <paramref name="throwIfUnclean"/>, a stop that throws is the caller's.
    /// </summary>
    public async ValueTask StopAsync(bool throwIfUnclean, bool keepDatabase = false)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (throwIfUnclean)
            {
                await base.DisposeAsync();
            }
            else
            {
                // A shared app stops after its whole collection has run (see Teardown).
                await Teardown.StepAsync("the test app did not stop cleanly", async () => await base.DisposeAsync());
            }
        }
        finally
        {
            if (_database is not null && !keepDatabase)
            {
                await Teardown.StepAsync($"the test database {_database.Name} was not dropped", async () => await _database.DisposeAsync());
            }

            _loginGate.Dispose();
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed record TokenResponse(string AccessToken);
}
