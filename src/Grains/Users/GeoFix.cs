namespace Lyss.UserGrains.Grains.Users;

[GenerateSerializer, Alias("lyss.users.GeoFix")]
public sealed class GeoFix
{
    [Id(0)] public double Lat { get; set; }
    [Id(1)] public double Lon { get; set; }
    [Id(2)] public string? Country { get; set; }
    [Id(3)] public DateTimeOffset At { get; set; }
}
