namespace Lyss.UserGrains.Common;

/// <summary>One page of a list, as every list endpoint answers it.</summary>
[GenerateSerializer, Immutable, Alias("lyss.common.Page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] int Limit,
    [property: Id(3)] int Offset)
{
    public bool HasMore => Offset + Items.Count < Total;
}
