namespace Lyss.UserGrains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres-cluster";
}
