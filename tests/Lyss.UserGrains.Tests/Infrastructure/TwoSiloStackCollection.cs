namespace Lyss.UserGrains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class TwoSiloStackCollection : ICollectionFixture<TwoSiloStackFixture>
{
    public const string Name = "Two-silo stack";
}
