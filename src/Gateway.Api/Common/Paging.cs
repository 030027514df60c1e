using Lyss.UserGrains.Errors;

namespace Lyss.UserGrains.Gateway.Common;

/// <summary>The list rules of docs/api.md: limit 1-100 (default 20), offset ≥ 0.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static (int Limit, int Offset) Validate(int? limit, int? offset)
    {
        var errors = new FieldErrors();
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Must be 1 to {MaxLimit}.");
        }

        if (offset is < 0)
        {
            errors.Add("offset", "Must be 0 or more.");
        }

        errors.ThrowIfAny();
        return (limit ?? DefaultLimit, offset ?? 0);
    }
}
