using Concord.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Concord.E2E;

/// <summary>
/// The real app on Kestrel (a free port on loopback) over a fresh database — SQLite, or
/// PostgreSQL when CONCORD_TEST_POSTGRES holds a server connection string — and Debian's
/// headless Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private string? _sqliteFile;
    private string? _postgresDatabase;
    private string? _postgresServer;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's services, for arranging data no page creates yet and checking what was stored.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The app has not started.");

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["Demo:Households"] = "false",
            ["Demo:HistoricalCases"] = "0",
            // appsettings.json says localhost:5000; a free port lets test runs (and a running app) coexist.
            ["Urls"] = "http://127.0.0.1:0",
        };
        _postgresServer = Environment.GetEnvironmentVariable("CONCORD_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(_postgresServer))
        {
            _postgresDatabase = "concord_e2e_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(_postgresServer))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
                await create.ExecuteNonQueryAsync();
            }

            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Concord"] = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresDatabase }.ToString();
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"concord-e2e-{Guid.NewGuid():N}.db");
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Concord"] = $"Data Source={_sqliteFile}";
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> LoginAsync(string userName, string password = "Concord@2026")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CONCORD_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("Chromium not found: install Debian's chromium package (apt-get install chromium) or set CONCORD_CHROMIUM.");
    }

    /// <summary>Each step runs even when one before it failed; failures are logged in full (<see cref="Teardown"/>).</summary>
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Teardown.StepAsync("the browser did not close", () => Browser.CloseAsync());
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await Teardown.StepAsync("the browser tests' app did not stop cleanly", async () => await _factory.DisposeAsync());
        }

        if (_sqliteFile is not null)
        {
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresDatabase is not null)
        {
            await Teardown.StepAsync($"the browser tests' database {_postgresDatabase} was not dropped",
                () => Teardown.DropPostgresDatabaseAsync(_postgresServer!, _postgresDatabase));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
