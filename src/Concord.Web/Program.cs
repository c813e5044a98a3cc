using Concord.Web.Audit;
using Concord.Web.Cases;
using Concord.Web.Identity;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;
using Concord.Web.Triage;

var builder = WebApplication.CreateBuilder(args);
builder.AddPersistence();
builder.AddConcordIdentity();
builder.AddShared();
builder.AddOrg();
builder.AddCases();
builder.AddTriage();
builder.AddAudit();

var app = builder.Build();
app.UseShared();
app.MapShared();
app.MapIdentity();
app.MapAdmin();
app.MapOrg();
app.MapCases();
app.MapTriage();
app.MapAudit();
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
await app.RunAsync();
return 0;

public partial class Program;
