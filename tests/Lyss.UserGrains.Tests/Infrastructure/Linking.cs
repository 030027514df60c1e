using System.Net;

namespace Lyss.UserGrains.Tests.Infrastructure;

/// <summary>Consent: an existing user joins another tenant only by accepting an invitation with its own token.</summary>
public static class Linking
{
    public static async Task JoinAsync(ApiClient inviter, ApiClient invitee, string email, string role = "member")
    {
        var (created, invitation) = await inviter.PostAsync("/api/v1/invitations", new { invitee_email = email, role });
        Assert.True(created == HttpStatusCode.Created, invitation.ToString());
        var (accepted, body) = await invitee.PostAsync($"/api/v1/invitations/{invitation.GetProperty("code").GetString()}/accept");
        Assert.True(accepted == HttpStatusCode.OK, body.ToString());
    }
}
