using System.Text.Json;

namespace Lyss.UserGrains.Common;

/// <summary>
/// The one name of an enum value outside .NET: in JSON (the gateway writes enums snake_case), in the
/// read models' text columns, in problem messages. <c>UserStatus.Active</c> is <c>active</c> everywhere.
/// </summary>
public static class WireName
{
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.Of.TryGetValue(value, out var name) ? name : Convert(value);

    private static string Convert<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Converted once per enum type: batch answers name a status per item.</summary>
    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Of = Enum.GetValues<T>().Distinct().ToDictionary(v => v, Convert);
    }
}
