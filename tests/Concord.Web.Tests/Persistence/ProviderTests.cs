using Concord.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Concord.Web.Tests.Persistence;

[Collection(AppCollection.Name)]
public sealed class ProviderTests(ConcordFactory app)
{
    [Fact]
    public async Task The_app_under_test_runs_on_the_provider_and_database_the_run_asked_for()
    {
        await using var db = app.SystemDb();
        db.IsPostgres.ShouldBe(TestDatabase.PostgresRequested);
        var connection = db.Database.GetDbConnection();
        (connection.Database + connection.DataSource).ShouldContain(app.Database.Name);
    }
}
