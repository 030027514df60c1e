namespace Lyss.UserGrains.Gateway.Tracking;

public static class TrackingExtensions
{
    /// <summary>Write keys resolved (and cached) per gateway, and the hand-off of mapped events to the grains.</summary>
    public static WebApplicationBuilder AddLyssTracking(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WriteKeyResolver>();
        builder.Services.AddSingleton<TrackingDispatcher>();
        return builder;
    }
}
