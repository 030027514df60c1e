namespace Lyss.UserGrains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "memory-cluster";
}
