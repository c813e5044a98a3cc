namespace Concord.Web.Tests.Infrastructure;

/// <summary>Test classes in this collection share one running app and database.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Concord app";
}

/// <summary>
/// The deadline tests sweep at far-future times, which touches every open deadline in the
/// database: they get an app and database of their own so no other test's cases are swept.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeadlinesCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Deadlines app";
}

/// <summary>
/// The warning tests scan every new case and sweep deadlines at chosen times, so villages'
/// counts are theirs alone: an app and database of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WarningsCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Warnings app";
}
