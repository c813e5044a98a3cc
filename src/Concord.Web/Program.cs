using Concord.Web.Cases;
using Concord.Web.Demo;
using Concord.Web.Identity;
using Concord.Web.Persistence;
using Concord.Web.Shared;

var builder = WebApplication.CreateBuilder(args);
if (ScaleGenerator.Requested(args))
{
    builder.Configuration.AddInMemoryCollection(ScaleGenerator.DemoOverrides);
}

builder.AddPersistence();
builder.AddConcordIdentity();
builder.AddShared();
builder.AddCases();

var app = builder.Build();
app.UseShared();
app.MapShared();
app.MapIdentity();
app.MapCases();
if (BenchEndpoints.IsEnabled(app.Configuration))
{
    app.MapBench();
}
if (args.Contains("--print-schema"))
{
    // For writing the next schema script: the create script of the EF model on this provider.
    app.PrintSchemaScript();
    return;
}

await app.PrepareAsync();
if (ScaleGenerator.Requested(args))
{
    // Benchmark data instead of serving: see Demo/ScaleGenerator.cs and bench/README.md.
    var demo = app.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
    Environment.ExitCode = await ScaleGenerator.RunAsync(app.Services, app.Environment.ContentRootPath, ScaleGenerator.Parse(args, demo.RandomSeed));
    return;
}

await app.RunAsync();

public partial class Program;
