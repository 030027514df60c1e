namespace Lyss.UserGrains.Gateway.Hosting;

/// <summary>Tracks whether the Orleans client currently has a gateway into the cluster.</summary>
public sealed class ClusterConnectionState : IClusterConnectionStatusObserver
{
    private volatile int _gateways = -1;

    /// <summary>The state of a gateway co-hosted with a silo: that silo is its one gateway.</summary>
    public static ClusterConnectionState CoHosted()
    {
        var state = new ClusterConnectionState();
        state._gateways = 1;
        return state;
    }

    /// <summary>Live gateways as last reported; -1 until the client has reported any.</summary>
    public int Gateways => _gateways;

    public void NotifyClusterConnectionLost() => _gateways = 0;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        _gateways = currentNumberOfGateways;
}
