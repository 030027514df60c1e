namespace Lyss.UserGrains.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class TracedStackCollection : ICollectionFixture<TracedStackFixture>
{
    public const string Name = "Traced stack";
}
