using Concord.Web.Agreements;
using Concord.Web.Audit;
using Concord.Web.Calendar;
using Concord.Web.Cases;
using Concord.Web.Closing;
using Concord.Web.Confirmation;
using Concord.Web.Dashboard;
using Concord.Web.Deadlines;
using Concord.Web.Demo;
using Concord.Web.Events;
using Concord.Web.Field;
using Concord.Web.Grids;
using Concord.Web.Identity;
using Concord.Web.Lessons;
using Concord.Web.Mediation;
using Concord.Web.Mediators;
using Concord.Web.Notifications;
using Concord.Web.Open311;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Rankings;
using Concord.Web.Registry;
using Concord.Web.Reports;
using Concord.Web.Shared;
using Concord.Web.Tracking;
using Concord.Web.Triage;
using Concord.Web.TypicalCases;
using Concord.Web.Visits;
using Concord.Web.Warnings;
using Concord.Web.Warnings.Scan;

var builder = WebApplication.CreateBuilder(args);
if (ScaleGenerator.Requested(args))
{
    builder.Configuration.AddInMemoryCollection(ScaleGenerator.DemoOverrides);
}

builder.AddPersistence();
builder.AddConcordIdentity();
builder.AddShared();
builder.AddOrg();
builder.AddCases();
builder.AddMediation();
builder.AddTriage();
builder.AddTracking();
builder.AddClosing();
builder.AddConfirmation();
builder.AddAudit();
builder.AddDeadlines();
builder.AddNotifications();
builder.AddCalendarAdmin();
builder.AddAgreements();
builder.AddMediators();
builder.AddVisits();
builder.AddEvents();
builder.AddOpen311();
builder.AddField();
builder.AddRegistry();
builder.AddGrids();
builder.AddTypicalCases();
builder.AddLessons();
builder.AddWarnings();
builder.AddRankings();
builder.AddReports();
builder.AddDashboard();

var app = builder.Build();
app.UseShared();
app.MapShared();
app.MapIdentity();
app.MapAdmin();
app.MapOrg();
app.MapCases();
app.MapMediation();
app.MapTriage();
app.MapTracking();
app.MapClosing();
app.MapConfirmation();
app.MapAudit();
if (BenchEndpoints.IsEnabled(app.Configuration))
{
    app.MapBench();
}
app.MapDeadlines();
app.MapNotifications();
app.MapCalendarAdmin();
app.MapAgreements();
app.MapMediators();
app.MapVisits();
app.MapEvents();
app.MapOpen311();
app.MapField();
app.MapRegistry();
app.MapGrids();
app.MapTypicalCases();
app.MapLessons();
app.MapWarnings();
app.MapRankings();
app.MapReports();
app.MapDashboard();
if (args.Contains("--print-schema"))
{
    // For writing the next schema script: the create script of the EF model on this provider.
    app.PrintSchemaScript();
    return 0;
}

var setUp = Array.IndexOf(args, "--setup-county");
if (setUp >= 0)
{
    return await app.SetUpCountyAsync(setUp + 1 < args.Length ? args[setUp + 1] : "");
}

await app.PrepareAsync();
if (ScaleGenerator.Requested(args))
{
    // Benchmark data instead of serving: see Demo/ScaleGenerator.cs and bench/README.md.
    var demo = app.Configuration.GetSection("Demo").Get<DemoOptions>() ?? new DemoOptions();
    return await ScaleGenerator.RunAsync(app.Services, app.Environment.ContentRootPath, ScaleGenerator.Parse(args, demo.RandomSeed));
}

if (Concord.Web.Dashboard.RollupMaintenance.VerifyRequested(args))
{
    return await Concord.Web.Dashboard.RollupMaintenance.VerifyAsync(app.Services);
}

if (SweepBenchmark.Requested(args))
{
    return await SweepBenchmark.RunAsync(app.Services, args);
}

if (WarningScanBenchmark.Requested(args))
{
    return await WarningScanBenchmark.RunAsync(app.Services, args);
}

await app.RunAsync();
return 0;

public partial class Program;
