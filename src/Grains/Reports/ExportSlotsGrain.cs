using Lyss.UserGrains.Grains.Common;
using Lyss.UserGrains.Reports;

namespace Lyss.UserGrains.Grains.Reports;

/// <summary>In memory: at most a few slots, each with its lease end; losing them with the activation frees them, which is harmless.</summary>
public sealed class ExportSlotsGrain(GrainClock clock) : Grain, IExportSlotsGrain
{
    private readonly Dictionary<Guid, DateTimeOffset> _held = [];

    public Task<bool> TryAcquireAsync(Guid exportId, int limit, TimeSpan lease)
    {
        var now = clock.UtcNow;
        foreach (var (id, until) in _held.Where(h => h.Value <= now).ToList())
        {
            _held.Remove(id);
        }

        if (_held.Count >= limit && !_held.ContainsKey(exportId))
        {
            return Task.FromResult(false);
        }

        _held[exportId] = now + lease;
        return Task.FromResult(true);
    }

    public Task ReleaseAsync(Guid exportId)
    {
        _held.Remove(exportId);
        return Task.CompletedTask;
    }
}
