using Lyss.UserGrains.Grains.Storage;

namespace Lyss.UserGrains.Tests.Probes;

public sealed class ProbeGrain(
    [PersistentState("probe", LyssStorage.ProviderName)] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo)
    : Grain, IProbeGrain, IRemindable
{
    private const string ReminderName = "probe";
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<ProbeSnapshot> GetAsync() =>
        Task.FromResult(new ProbeSnapshot(state.State.Value, _activationId, [.. state.State.ReminderTicks]));

    public async Task StartReminderAsync(TimeSpan dueTime, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks.Add($"{silo.SiloAddress.ToParsableString()}@{DateTime.UtcNow:O}");
        if (state.State.ReminderTicks.Count > 20)
        {
            state.State.ReminderTicks.RemoveAt(0);
        }

        await state.WriteStateAsync();
    }
}
