namespace Concord.Web.Tests.Infrastructure;

/// <summary>Test classes in this collection share one running app and database.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ConcordFactory>
{
    public const string Name = "Concord app";
}
