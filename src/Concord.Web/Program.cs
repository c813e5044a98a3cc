using Concord.Web.Audit;
using Concord.Web.Cases;
using Concord.Web.Identity;
using Concord.Web.Org;
using Concord.Web.Persistence;
using Concord.Web.Shared;

var builder = WebApplication.CreateBuilder(args);
builder.AddPersistence();
builder.AddConcordIdentity();
builder.AddShared();
builder.AddOrg();
builder.AddCases();
builder.AddAudit();

var app = builder.Build();
app.UseShared();
app.MapShared();
app.MapIdentity();
app.MapAdmin();
app.MapOrg();
app.MapCases();
app.MapAudit();
if (args.Contains("--print-schema"))
{
    // For writing the next schema script: the create script of the EF model on this provider.
    app.PrintSchemaScript();
    return;
}

await app.PrepareAsync();
await app.RunAsync();

public partial class Program;
