namespace Lyss.UserGrains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class LiveStackCollection : ICollectionFixture<LiveStackFixture>
{
    public const string Name = "live-stack";
}
