using Prometheus;

namespace Lyss.UserGrains.Grains.Invitations;

public static class InvitationMetrics
{
    private static readonly Counter Invitations = Metrics.CreateCounter(
        "user_invitations_total", "Invitations by what happened to them", "event", "tenant_id");

    public static void Sent(Guid tenantId) => Invitations.WithLabels("sent", tenantId.ToString()).Inc();

    public static void Accepted(Guid tenantId) => Invitations.WithLabels("accepted", tenantId.ToString()).Inc();

    public static void Expired(Guid tenantId) => Invitations.WithLabels("expired", tenantId.ToString()).Inc();

    public static void Cancelled(Guid tenantId) => Invitations.WithLabels("cancelled", tenantId.ToString()).Inc();
}
