using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Tests.Infrastructure;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>
/// The journeys a newcomer walks with nothing but their mailbox and phone: the codes come by email
/// and SMS (the SMTP and webhook sinks), never from the API's answers.
/// </summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class VerificationJourneyTests(LiveStackFixture stack)
{
    private static ApiClient NoToken(LiveStackFixture stack) => new(stack.Http, null);

    [Fact]
    public async Task Register_then_the_email_arrives_and_its_code_verifies_and_the_sms_code_verifies_the_phone()
    {
        var (tenant, admin) = await TenantAsync(autoActivate: false, language: "en");
        var email = $"journey.{Guid.NewGuid():N}@example.com";
        var phone = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        var (created, user) = await admin.PostAsync("/api/v1/users", new { email, name = "Jo Urney", phone });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("pending", user.GetProperty("status").GetString());
        var id = user.GetProperty("id").GetGuid();

        var mail = await stack.Smtp.ReceiveAsync(email, "Confirm your email address");
        var code = CodeOf(mail.TextBody);
        Assert.Contains($"http://localhost:8080/verify-email?user_id={id}&code={code}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Jo Urney", mail.TextBody, StringComparison.Ordinal);
        var (verified, after) = await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-email", new { token = code });
        Assert.Equal(HttpStatusCode.OK, verified);
        Assert.Equal(("active", true), (after.GetProperty("status").GetString(), after.GetProperty("email_verified").GetBoolean()));
        await stack.Smtp.ReceiveAsync(email, "Welcome aboard");

        var sms = await SmsToAsync(phone);
        Assert.Matches("^[0-9]{6}$", sms);
        var (phoneVerified, final) = await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-phone", new { token = sms });
        Assert.Equal(HttpStatusCode.OK, phoneVerified);
        Assert.True(final.GetProperty("phone_verified").GetBoolean());

        // The codes left the database with their messages: nothing holds them in plain text now.
        Assert.Empty(await OutboxTextsAsync(id));
    }

    [Fact]
    public async Task Invite_then_the_email_arrives_a_newcomer_accepts_the_verification_email_arrives_and_verifying_makes_a_member()
    {
        var (tenant, admin) = await TenantAsync(autoActivate: false, language: "en", name: "Journey Inc");
        var email = $"invitee.{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/invitations", new { invitee_email = email, role = "member" })).Status);

        var invitation = await stack.Smtp.ReceiveAsync(email, "You are invited to Journey Inc");
        var code = CodeOf(invitation.TextBody);
        Assert.Contains($"http://localhost:8080/invitations/accept?code={code}&proof=", invitation.TextBody, StringComparison.Ordinal);
        var (accepted, member) = await NoToken(stack).PostAsync($"/api/v1/invitations/{code}/accept", new { email, name = "New Comer" });
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal("pending", member.GetProperty("status").GetString());
        var id = member.GetProperty("user_id").GetGuid();

        // This tenant does not activate newcomers: a code of their own, though the invitation reached them.
        var mail = await stack.Smtp.ReceiveAsync(email, "Confirm your email address");
        Assert.Equal(HttpStatusCode.OK, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-email", new { token = CodeOf(mail.TextBody) })).Status);
        var (_, listed) = await admin.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(("active", "member", true), (listed.GetProperty("status").GetString(), listed.GetProperty("role").GetString(), listed.GetProperty("email_verified").GetBoolean()));
    }

    [Fact]
    public async Task Accepting_through_the_emailed_link_verifies_the_email_and_the_code_alone_does_not()
    {
        var (tenant, admin) = await TenantAsync(autoActivate: true, language: "en", name: "Open Door");
        var email = $"open.{Guid.NewGuid():N}@example.com";
        var (_, created) = await admin.PostAsync("/api/v1/invitations", new { invitee_email = email, role = "member" });
        var mail = (await stack.Smtp.ReceiveAsync(email, "You are invited to Open Door")).TextBody;
        Assert.Equal(created.GetProperty("code").GetString(), CodeOf(mail));

        var (_, member) = await NoToken(stack).PostAsync($"/api/v1/invitations/{CodeOf(mail)}/accept", new { email, name = "Walked In", proof = ProofOf(mail) });
        var id = member.GetProperty("user_id").GetGuid();
        var (_, user) = await admin.GetAsync($"/api/v1/users/{id}");
        Assert.Equal(("active", true), (user.GetProperty("status").GetString(), user.GetProperty("email_verified").GetBoolean()));
        await stack.Smtp.ReceiveAsync(email, "Welcome aboard");
        Assert.DoesNotContain(stack.Smtp.To(email), m => m.Subject?.Contains("Confirm", StringComparison.Ordinal) == true);

        // The inviter holds the code (the API returns it) but not the mailbox: accepting with the code alone,
        // or with a made-up proof, verifies nothing, and a code goes to the address instead.
        var victim = $"mailbox.owner.{Guid.NewGuid():N}@example.com";
        var code = (await admin.PostAsync("/api/v1/invitations", new { invitee_email = victim, role = "member" })).Body.GetProperty("code").GetString();
        await stack.Smtp.ReceiveAsync(victim, "You are invited to Open Door");
        var (_, squatter) = await NoToken(stack).PostAsync($"/api/v1/invitations/{code}/accept", new { email = victim, name = "Squatter", proof = "guessed" });
        var (_, taken) = await admin.GetAsync($"/api/v1/users/{squatter.GetProperty("user_id").GetGuid()}");
        Assert.False(taken.GetProperty("email_verified").GetBoolean());
        await stack.Smtp.ReceiveAsync(victim, "Confirm your email address");
    }

    [Fact]
    public async Task An_address_receives_at_most_ten_codes_or_invitations_an_hour_however_they_are_asked_for()
    {
        var (_, admin) = await TenantAsync(autoActivate: true, language: "en", name: "Loud Co");
        var email = $"flooded.{Guid.NewGuid():N}@example.com";
        var code = (await admin.PostAsync("/api/v1/invitations", new { invitee_email = email, role = "member" })).Body.GetProperty("code").GetString();
        for (var i = 0; i < 11; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/invitations/{code}/resend", new { expires_in_days = 7 })).Status);
        }

        // Twelve asked for; each resend voids the unsent one before it, so wait for the queue to settle.
        var rows = await Eventually.MatchAsync(
            () => OutboxStatusesAsync(email), r => !r.Contains("queued"), TimeSpan.FromSeconds(30), "every message to the address handled");
        Assert.Equal(2, rows.Count(r => r == "skipped"));
        Assert.True(stack.Smtp.To(email).Count <= 10, $"{stack.Smtp.To(email).Count} mails");
    }

    [Fact]
    public async Task Resend_voids_the_old_code_is_throttled_and_tells_an_anonymous_caller_nothing()
    {
        var (tenant, admin) = await TenantAsync(autoActivate: true, language: "en");
        var email = $"resend.{Guid.NewGuid():N}@example.com";
        var id = (await admin.PostAsync("/api/v1/users", new { email, name = "Re Send" })).Body.GetProperty("id").GetGuid();
        var first = CodeOf((await stack.Smtp.ReceiveAsync(email, "Confirm your email address")).TextBody);
        var self = new ApiClient(stack.Http, stack.Token(tenant, id.ToString()));

        // The user asks again: a new code goes out, and only it verifies.
        Assert.Equal(HttpStatusCode.Accepted, (await self.PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" })).Status);
        var second = CodeOf((await stack.Smtp.ReceiveAsync(email, "Confirm your email address", nth: 2)).TextBody);
        Assert.NotEqual(first, second);

        // Again within the minute: 429 with the wait, for the user; 202 and nothing sent, for anyone.
        var (throttled, problem) = await self.PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" });
        Assert.Equal((HttpStatusCode.TooManyRequests, "too_many_codes"), (throttled, problem.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" })).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await NoToken(stack).PostAsync($"/api/v1/users/{Guid.NewGuid()}/verification/resend", new { channel = "phone" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "fax" })).Status);
        // Verifying against an id nobody holds answers as a wrong code does (no 404 to probe with).
        Assert.Equal(HttpStatusCode.BadRequest, (await NoToken(stack).PostAsync($"/api/v1/users/{Guid.NewGuid()}/verify-email", new { token = first })).Status);

        // Another tenant cannot see the user; a plain member of the tenant may not send codes to it.
        var (_, other) = await TenantAsync(autoActivate: true, language: "en");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" })).Status);
        var memberId = (await admin.PostAsync("/api/v1/users", new { email = $"m.{Guid.NewGuid():N}@example.com", name = "Plain Member" })).Body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await new ApiClient(stack.Http, stack.Token(tenant, memberId.ToString())).PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" })).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-email", new { token = first })).Status);
        Assert.Equal(HttpStatusCode.OK, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-email", new { token = second })).Status);
        var (verified, conflict) = await self.PostAsync($"/api/v1/users/{id}/verification/resend", new { channel = "email" });
        Assert.Equal((HttpStatusCode.Conflict, "already_verified"), (verified, conflict.GetProperty("code").GetString()));

        // One resend was made (the anonymous one within the minute sent nothing), and no third mail came.
        var (_, events) = await admin.GetAsync($"/api/v1/users/{id}/events");
        Assert.Single(events.GetProperty("events").EnumerateArray(), e => e.GetProperty("event_type").GetString() == "verification_sent");
        Assert.Equal(2, stack.Smtp.To(email).Count(m => m.Subject?.Contains("Confirm", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Five_wrong_phone_codes_void_the_code_and_a_chinese_speaking_tenant_gets_chinese_texts()
    {
        var (tenant, admin) = await TenantAsync(autoActivate: true, language: null);
        var email = $"zh.{Guid.NewGuid():N}@example.com";
        var phone = $"+8613{Random.Shared.Next(100_000_000, 999_999_999)}";
        var id = (await admin.PostAsync("/api/v1/users", new { email, name = "Li Lei", phone })).Body.GetProperty("id").GetGuid();

        Assert.Contains("验证码", await SmsTextToAsync(phone), StringComparison.Ordinal);
        var mail = await stack.Smtp.ReceiveAsync(email, "请验证您的邮箱地址");
        Assert.Contains("Li Lei，您好", mail.TextBody, StringComparison.Ordinal);
        var code = await SmsToAsync(phone);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-phone", new { token = wrong })).Status);
        }

        var (gone, problem) = await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-phone", new { token = wrong });
        Assert.Equal((HttpStatusCode.Gone, "token_exhausted"), (gone, problem.GetProperty("code").GetString()));
        Assert.NotEqual(HttpStatusCode.OK, (await NoToken(stack).PostAsync($"/api/v1/users/{id}/verify-phone", new { token = code })).Status);

        // The user's own language beats the tenant's.
        var self = new ApiClient(stack.Http, stack.Token(tenant, id.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await self.SendAsync(HttpMethod.Patch, $"/api/v1/users/{id}/preferences", new { ui = new { language = "en-GB" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/users/{id}/deactivate", new { reason = "holiday" })).Status);
        await stack.Smtp.ReceiveAsync(email, "Your account was deactivated");
    }

    private async Task<(Guid Tenant, ApiClient Admin)> TenantAsync(bool autoActivate, string? language, string name = "Journey Co")
    {
        var tenant = Guid.NewGuid();
        var admin = new ApiClient(stack.Http, stack.Token(tenant, "tenant-admin", "tenant:*", "user:*", "admin:*", "invitation:*", "activity:*"));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/tenants", new { id = tenant, name, auto_activate_users = autoActivate })).Status);
        if (language is not null)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Patch, $"/api/v1/tenants/{tenant}", new { language })).Status);
        }

        return (tenant, admin);
    }

    /// <summary>The code in an email's link (<c>?code=</c> or <c>&amp;code=</c>).</summary>
    private static string CodeOf(string? body) => LinkCode().Match(body ?? "") is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no code in: {body}");

    private async Task<string> SmsTextToAsync(string phone)
    {
        var content = await Eventually.MatchAsync(
            () => Task.FromResult(stack.Webhooks.Requests.Where(r => r.Path.EndsWith("/sms", StringComparison.Ordinal)).Select(r => JsonDocument.Parse(r.Body).RootElement)
                .LastOrDefault(json => json.GetProperty("phone").GetString() == phone)),
            json => json.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(30),
            $"an SMS to {phone}");
        return content.GetProperty("content").GetString()!;
    }

    private async Task<string> SmsToAsync(string phone) => SixDigits().Match(await SmsTextToAsync(phone)).Value;

    private static async Task<List<string>> OutboxStatusesAsync(string recipient)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT status FROM outbound_messages WHERE recipient = $1", connection);
        command.Parameters.AddWithValue(recipient);
        var statuses = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses;
    }

    private async Task<List<string>> OutboxTextsAsync(Guid userId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT coalesce(body, '') FROM outbound_messages WHERE user_id = $1 AND body IS NOT NULL AND status <> 'queued'", connection);
        command.Parameters.AddWithValue(userId);
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static string ProofOf(string? body) => LinkProof().Match(body ?? "") is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no proof in: {body}");

    [GeneratedRegex(@"[?&]proof=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkProof();

    [GeneratedRegex(@"[?&]code=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkCode();

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
