using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Limits;
using Lyss.UserGrains.Reports;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Gateway.Reports;

/// <summary>
/// One of a tenant's export slots (<see cref="GatewayLimitsOptions.ExportsPerTenant"/>), held while an export
/// streams and given back when disposed: activity reports and personal-data exports share them.
/// </summary>
public sealed class ExportSlot : IAsyncDisposable
{
    private readonly IExportSlotsGrain _slots;

    private ExportSlot(IExportSlotsGrain slots, Guid id) => (_slots, Id) = (slots, id);

    /// <summary>The export's id (also the key of its report grain).</summary>
    public Guid Id { get; }

    /// <summary>A slot of <paramref name="tenantId"/>, or 429 <c>export_limit</c> when all are taken.</summary>
    public static async Task<ExportSlot> AcquireAsync(HttpContext http, IGrainFactory grains, Guid tenantId)
    {
        var id = Guid.NewGuid();
        var slots = grains.GetGrain<IExportSlotsGrain>(tenantId);
        var limit = http.RequestServices.GetRequiredService<IOptions<GatewayLimitsOptions>>().Value.ExportsPerTenant;
        return await slots.TryAcquireAsync(id, limit, TimeSpan.FromMinutes(30))
            ? new ExportSlot(slots, id)
            : throw new TooManyRequestsException($"The tenant already runs {limit} exports; retry when one has finished.") { Code = "export_limit" };
    }

    public async ValueTask DisposeAsync() => await _slots.ReleaseAsync(Id);
}
