using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lyss.UserGrains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Lyss.UserGrains.Tests.Gateway;

/// <summary>
/// Walks every /api/v1 operation of the live gateway's OpenAPI document for nine kinds of caller
/// and compares each outcome with authorization-matrix.csv. A route without a row, a row without a
/// route and every cell answering otherwise are collected and fail the test once, together.
/// </summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed partial class AuthorizationMatrixTests(LiveStackFixture stack, ITestOutputHelper output)
{
    private const string MatrixFile = "authorization-matrix.csv";
    private const string ApiPrefix = "/api/v1/";
    private const int Parallelism = 8;

    private static readonly string[] CallerKinds = ["self", "member", "admin", "owner", "linked", "unrelated", "svc_none", "svc_all", "platform"];
    private static readonly string[] Outcomes = ["ok", "401", "403", "404"];
    private static readonly string[] OpenApiMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly string[] ServiceAllPermissions = ["user:*", "activity:*", "admin:read", "tenant:manage", "invitation:create", "team:manage"];

    // A permitted call here changes what the next caller would meet (the user gone, locked, unlinked, the role,
    // team, membership or invitation used up), so each of its cells gets a target of its own.
    private static readonly HashSet<Operation> FreshTargetRoutes =
    [
        new("DELETE", "/api/v1/users/{id}"),
        new("POST", "/api/v1/users/{id}/deactivate"),
        new("POST", "/api/v1/users/{id}/lock"),
        new("POST", "/api/v1/users/{id}/ban"),
        new("POST", "/api/v1/users/bulk/deactivate"),
        new("PUT", "/api/v1/tenants/{id}/members/{userId}"),
        new("DELETE", "/api/v1/tenants/{id}/members/{userId}"),
        new("POST", "/api/v1/tenants/{id}/members/{userId}/lock"),
        new("DELETE", "/api/v1/tenants/{id}/roles/{name}"),
        new("DELETE", "/api/v1/teams/{id}"),
        new("DELETE", "/api/v1/teams/{id}/members/{userId}"),
        new("POST", "/api/v1/invitations/{code}/cancel"),
        new("POST", "/api/v1/invitations/{code}/accept"),
    ];

    // Routes that need no token. Their calls come from distinct client addresses (the fixture trusts
    // 127.0.0.1 as a proxy) so the per-address limit of anonymous routes never answers in their place.
    private static readonly HashSet<Operation> AnonymousRoutes =
    [
        new("POST", "/api/v1/users/{id}/verify-email"),
        new("POST", "/api/v1/users/{id}/verify-phone"),
        new("POST", "/api/v1/users/{id}/verification/resend"),
        new("GET", "/api/v1/invitations/{code}"),
        new("POST", "/api/v1/invitations/{code}/accept"),
    ];

    private int _clientAddresses;

    [Flags]
    private enum Parts
    {
        None = 0,
        Linked = 1,
        Team = 2,
        Invitation = 4,
        Role = 8,
        Notification = 16,
        All = Linked | Team | Invitation | Role | Notification,
    }

    [Fact]
    public async Task Every_operation_answers_each_kind_of_caller_as_the_matrix_says()
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<string>();
        var rows = ReadMatrix(problems);
        var operations = await ReadOperationsAsync();
        problems.AddRange(operations.Where(o => !rows.ContainsKey(o)).OrderBy(o => o.Path).ThenBy(o => o.Method)
            .Select(o => $"{o}: in the OpenAPI document, but {MatrixFile} has no row for it"));
        problems.AddRange(rows.Keys.Where(o => !operations.Contains(o)).OrderBy(o => o.Path).ThenBy(o => o.Method)
            .Select(o => $"{o}: a row of {MatrixFile}, but the OpenAPI document has no such operation"));

        var world = await SeedWorldAsync();
        var shared = await NewTargetAsync(world, Parts.All);
        var seeded = clock.Elapsed;

        var runnable = new List<Row>();
        foreach (var row in rows.Values.Where(r => operations.Contains(r.Operation)))
        {
            if (UnknownParameter(row.Operation.Path) is { } parameter)
            {
                problems.Add($"{row.Operation}: the test has no value for the route parameter {{{parameter}}}");
            }
            else
            {
                runnable.Add(row);
            }
        }

        var cells = runnable.SelectMany(r => CallerKinds.Select(c => (Row: r, Caller: c))).ToList();
        var results = new ConcurrentBag<CellResult>();
        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (cell, _) =>
            results.Add(await RunCellAsync(world, shared, cell.Row, cell.Caller)));

        var mismatches = results.Where(r => r.Actual != r.Expected)
            .OrderBy(r => r.Operation.Path).ThenBy(r => r.Operation.Method).ThenBy(r => Array.IndexOf(CallerKinds, r.Caller)).ToList();
        output.WriteLine($"{cells.Count} cells ({runnable.Count} operations x {CallerKinds.Length} callers); seeded in {seeded.TotalSeconds:0.0} s, done in {clock.Elapsed.TotalSeconds:0.0} s.");
        foreach (var passed in results.Where(r => r.Actual == "ok" && r.Status >= 400)
            .OrderBy(r => r.Operation.Path).ThenBy(r => r.Operation.Method).ThenBy(r => Array.IndexOf(CallerKinds, r.Caller)))
        {
            // Still "ok" (authorization passed), listed so a reader can see why the call went no further.
            output.WriteLine($"ok but {passed.Status} {passed.Code ?? "-"}: {passed.Operation} as {passed.Caller}");
        }

        if (problems.Count > 0 || mismatches.Count > 0)
        {
            var report = Report(problems, mismatches);
            output.WriteLine(report);
            Assert.Fail(report);
        }
    }

    private async Task<CellResult> RunCellAsync(World world, Target shared, Row row, string caller)
    {
        var operation = row.Operation;
        var target = FreshTargetRoutes.Contains(operation)
            ? await NewTargetAsync(world, PartsFor(operation.Path) | (caller == "linked" ? Parts.Linked : Parts.None))
            : shared;
        var path = ResolvePath(operation.Path, world, target) + QueryFor(operation);
        if (path.Contains("{keyId}", StringComparison.Ordinal))
        {
            // Each cell revokes a key of its own: one revoked by an earlier cell would answer 404.
            path = path.Replace("{keyId}", await NewCredentialAsync(world, path.Contains("/scim-tokens/", StringComparison.Ordinal) ? "scim-tokens" : "write-keys"), StringComparison.Ordinal);
        }

        var (status, body) = await SendAsync(
            TokenFor(caller, world, target), new HttpMethod(operation.Method), path, BodyFor(operation, target), AnonymousRoutes.Contains(operation));
        var code = (int)status;
        // A server error is never "authorization passed": it is reported as its status (a route answering 500 fails the test).
        var actual = code is 401 or 403 or 404 or >= 500 ? code.ToString(CultureInfo.InvariantCulture) : "ok";
        var problemCode = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()
            : null;
        return new CellResult(operation, caller, row.Expected[caller], actual, code, problemCode);
    }

    private string TokenFor(string caller, World world, Target target) => caller switch
    {
        "self" => stack.Token(world.A, target.User.ToString()),
        "member" => stack.Token(world.A, world.Member.ToString()),
        "admin" => stack.Token(world.A, world.Admin.ToString()),
        "owner" => stack.Token(world.A, world.Owner.ToString()),
        "linked" => stack.Token(world.B, world.LinkedAdmin.ToString()),
        "unrelated" => stack.Token(world.C, world.UnrelatedAdmin.ToString()),
        "svc_none" => stack.Token(world.A, "svc-none"),
        "svc_all" => stack.Token(world.A, "svc-all", ServiceAllPermissions),
        "platform" => stack.Token(world.C, "ops", "platform:*"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "Not a caller kind of the matrix."),
    };

    private static string ResolvePath(string template, World world, Target target) => RouteParameter().Replace(template, m => m.Groups[1].Value switch
    {
        "id" when template.StartsWith("/api/v1/tenants/", StringComparison.Ordinal) => world.A.ToString(),
        "id" when template.StartsWith("/api/v1/teams/", StringComparison.Ordinal) => target.Team.ToString(),
        "id" or "userId" or "user_id" => target.User.ToString(),
        "code" => target.Code,
        "notificationId" or "notification_id" => target.Notification.ToString(),
        "name" => target.Role,
        "keyId" => "{keyId}",
        "anonymousId" => "matrix-visitor",
        var other => throw new InvalidOperationException($"No value for {{{other}}}."),
    });

    private static string? UnknownParameter(string template) => RouteParameter().Matches(template)
        .Select(m => m.Groups[1].Value)
        .FirstOrDefault(p => p is not ("id" or "userId" or "user_id" or "code" or "notificationId" or "notification_id" or "name" or "keyId" or "anonymousId"));

    // What a fresh target must hold for the route to name it.
    private static Parts PartsFor(string template) =>
        (template.StartsWith("/api/v1/teams/{id}", StringComparison.Ordinal) ? Parts.Team : Parts.None)
        | (template.Contains("{code}", StringComparison.Ordinal) ? Parts.Invitation : Parts.None)
        | (template.Contains("{name}", StringComparison.Ordinal) ? Parts.Role : Parts.None)
        | (template.Contains("{notificationId}", StringComparison.Ordinal) ? Parts.Notification : Parts.None);

    private static string QueryFor(Operation operation)
    {
        if (operation is not { Method: "GET", Path: "/api/v1/users/{id}/activities/export" or "/api/v1/admin/reports/activities" })
        {
            return "";
        }

        var to = DateTimeOffset.UtcNow;
        return $"?format=json&from={Iso(to.AddDays(-7))}&to={Iso(to)}";
    }

    // A plausible valid body per route: a 400 would pass as "authorization passed", so bodies must bind.
    private static object? BodyFor(Operation operation, Target target) => (operation.Method, operation.Path) switch
    {
        ("POST", "/api/v1/users") => new { email = FreshEmail(), name = "Matrix Person" },
        ("POST", "/api/v1/tenants/{id}/write-keys") or ("POST", "/api/v1/tenants/{id}/scim-tokens") => new { name = "matrix" },
        ("PUT", "/api/v1/users/{id}") => new { name = "Matrix Renamed" },
        ("POST", "/api/v1/users/{id}/deactivate") => new { reason = "authorization matrix" },
        ("POST", "/api/v1/users/{id}/lock") => new { until = DateTimeOffset.UtcNow.AddHours(1), reason = "authorization matrix" },
        ("POST", "/api/v1/users/{id}/ban") => new { reason = "authorization matrix" },
        ("POST", "/api/v1/users/bulk/deactivate" or "/api/v1/users/bulk/activate") => new { user_ids = new[] { target.User } },
        ("PUT", "/api/v1/users/{id}/profile") => new { location = "Matrix" },
        ("PUT" or "PATCH", "/api/v1/users/{id}/preferences") => new Dictionary<string, object> { ["ui"] = new { theme = "dark" } },
        ("POST", "/api/v1/users/{id}/verify-email" or "/api/v1/users/{id}/verify-phone") => new { token = "not-the-secret" },
        ("POST", "/api/v1/users/{id}/verification/resend") => new { channel = "email" },
        ("POST", "/api/v1/tenants") => new { id = Guid.NewGuid(), name = "Matrix Extra" },
        ("PUT", "/api/v1/tenants/{id}/members/{userId}") => new { role = "viewer" },
        ("POST", "/api/v1/tenants/{id}/members/{userId}/lock") => new { until = DateTimeOffset.UtcNow.AddHours(1), reason = "authorization matrix" },
        ("PATCH", "/api/v1/tenants/{id}") => new { language = "en" },
        ("PUT", "/api/v1/tenants/{id}/alert-rules") => new { burst_threshold = 100, burst_window_minutes = 5 },
        ("PUT", "/api/v1/tenants/{id}/roles/{name}") => new { permissions = new[] { "user:read" } },
        ("POST", "/api/v1/activities") => Activity(target.User),
        ("POST", "/api/v1/activities/batch") => new { activities = new[] { Activity(target.User) } },
        ("POST", "/api/v1/invitations") => new { invitee_email = FreshEmail(), role = "member" },
        ("POST", "/api/v1/invitations/{code}/resend") => new { expires_in_days = 7 },
        ("POST", "/api/v1/invitations/{code}/accept") => new { email = target.InviteeEmail, name = "Matrix Invitee" },
        ("POST", "/api/v1/users/{id}/notifications") => new { notification_type = "matrix", title = "Matrix", content = "From the authorization matrix." },
        ("POST", "/api/v1/teams") => new { name = "Matrix Team" },
        ("PUT", "/api/v1/teams/{id}") => new { name = "Matrix Team Renamed" },
        ("POST", "/api/v1/teams/{id}/members") => new { user_id = target.User, role = "member" },
        ("POST", "/api/v1/shares") => new { resource_type = "document", resource_id = "matrix-doc", user_id = target.User },
        ("POST", "/api/v1/feedback") => new { rating = 5, comment = "Matrix" },
        _ => null,
    };

    private static object Activity(Guid user) => new { user_id = user, activity_type = "case_view", resource_type = "case", resource_id = "matrix-1" };

    private async Task<World> SeedWorldAsync()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Task.WhenAll(CreateTenantAsync(a, "A"), CreateTenantAsync(b, "B"), CreateTenantAsync(c, "C"));
        var users = await Task.WhenAll(
            RegisterAsync(a, "member"), RegisterAsync(a, "admin"), RegisterAsync(a, "owner"), RegisterAsync(b, "admin"), RegisterAsync(c, "admin"));
        return new World(a, b, c, users[0].Id, users[1].Id, users[2].Id, users[3].Id, users[4].Id);
    }

    /// <summary>A new target user U in A (role member, active) with the parts a route names.</summary>
    private async Task<Target> NewTargetAsync(World world, Parts parts)
    {
        var (user, email) = await RegisterAsync(world.A, "member");
        var linking = parts.HasFlag(Parts.Linked) ? LinkIntoAsync(world.A, world.B, user, email) : Task.CompletedTask;
        var team = parts.HasFlag(Parts.Team) ? TeamWithAsync(world.A, user) : Task.FromResult(Guid.Empty);
        var invitation = parts.HasFlag(Parts.Invitation) ? InviteAsync(world.A) : Task.FromResult((Code: "", Email: ""));
        var role = parts.HasFlag(Parts.Role) ? CustomRoleAsync(world.A) : Task.FromResult("");
        var notification = parts.HasFlag(Parts.Notification) ? NotifyAsync(world.A, user) : Task.FromResult(Guid.Empty);
        await Task.WhenAll(linking, team, invitation, role, notification);
        return new Target(user, await team, (await invitation).Code, (await invitation).Email, await role, await notification);
    }

    private string Seeder(Guid tenant) => stack.Token(tenant, "matrix-seed", "platform:*");

    private async Task<string> NewCredentialAsync(World world, string kind)
    {
        var (status, body) = await SendAsync(Seeder(world.A), HttpMethod.Post, $"/api/v1/tenants/{world.A}/{kind}", new { name = "matrix" });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    private async Task CreateTenantAsync(Guid id, string label)
    {
        var (status, body) = await SendAsync(Seeder(id), HttpMethod.Post, "/api/v1/tenants", new { id, name = "Matrix " + label, auto_activate_users = true });
        Require(HttpStatusCode.Created, status, body, $"creating tenant {label}");
    }

    private async Task<(Guid Id, string Email)> RegisterAsync(Guid tenant, string role)
    {
        var email = FreshEmail();
        var (status, body) = await SendAsync(Seeder(tenant), HttpMethod.Post, "/api/v1/users", new { email, name = "Matrix " + role, role, auto_activate = true });
        Require(HttpStatusCode.Created, status, body, $"registering a {role}");
        return (body.GetProperty("id").GetGuid(), email);
    }

    // The user joins the second tenant the only way the contract allows: accepting its invitation with the user's own token.
    private async Task LinkIntoAsync(Guid home, Guid other, Guid user, string email)
    {
        var (created, invitation) = await SendAsync(Seeder(other), HttpMethod.Post, "/api/v1/invitations", new { invitee_email = email, role = "member" });
        Require(HttpStatusCode.Created, created, invitation, "inviting U into B");
        var code = invitation.GetProperty("code").GetString();
        var (accepted, body) = await SendAsync(stack.Token(home, user.ToString()), HttpMethod.Post, $"/api/v1/invitations/{code}/accept", null, anonymousRoute: true);
        Require(HttpStatusCode.OK, accepted, body, "U accepting B's invitation");
    }

    private async Task<Guid> TeamWithAsync(Guid tenant, Guid user)
    {
        var (created, team) = await SendAsync(Seeder(tenant), HttpMethod.Post, "/api/v1/teams", new { name = "Matrix Team" });
        Require(HttpStatusCode.Created, created, team, "creating a team");
        var id = team.GetProperty("id").GetGuid();
        var (added, body) = await SendAsync(Seeder(tenant), HttpMethod.Post, $"/api/v1/teams/{id}/members", new { user_id = user, role = "member" });
        Require(HttpStatusCode.OK, added, body, "adding U to the team");
        return id;
    }

    private async Task<(string Code, string Email)> InviteAsync(Guid tenant)
    {
        var email = FreshEmail();
        var (created, invitation) = await SendAsync(Seeder(tenant), HttpMethod.Post, "/api/v1/invitations", new { invitee_email = email, role = "member" });
        Require(HttpStatusCode.Created, created, invitation, "creating a pending invitation");
        return (invitation.GetProperty("code").GetString()!, email);
    }

    private async Task<string> CustomRoleAsync(Guid tenant)
    {
        var name = "matrix-" + Guid.NewGuid().ToString("N")[..8];
        var (status, body) = await SendAsync(Seeder(tenant), HttpMethod.Put, $"/api/v1/tenants/{tenant}/roles/{name}", new { permissions = new[] { "user:read" } });
        Require(HttpStatusCode.OK, status, body, "creating a custom role");
        return name;
    }

    private async Task<Guid> NotifyAsync(Guid tenant, Guid user)
    {
        var (sent, body) = await SendAsync(Seeder(tenant), HttpMethod.Post, $"/api/v1/users/{user}/notifications", new { notification_type = "matrix", title = "Matrix seed" });
        Require(HttpStatusCode.Created, sent, body, "sending U a notification");
        var (listed, inbox) = await SendAsync(stack.Token(tenant, user.ToString()), HttpMethod.Get, $"/api/v1/users/{user}/notifications", null);
        Require(HttpStatusCode.OK, listed, inbox, "reading U's inbox");
        return inbox.GetProperty("notifications").EnumerateArray()
            .Where(n => n.GetProperty("title").GetString() == "Matrix seed")
            .Select(n => n.GetProperty("id").GetGuid())
            .Single();
    }

    private static void Require(HttpStatusCode expected, HttpStatusCode actual, JsonElement body, string step)
    {
        if (actual != expected)
        {
            Assert.Fail($"Seeding failed while {step}: {(int)actual} {actual} (expected {(int)expected}) {body}");
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string? token, HttpMethod method, string path, object? body, bool anonymousRoute = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (anonymousRoute)
        {
            var n = Interlocked.Increment(ref _clientAddresses);
            request.Headers.Add("X-Forwarded-For", $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await stack.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // A live stream that opened: authorization passed (disposing the response ends it).
            return (response.StatusCode, default);
        }

        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            return (response.StatusCode, default);
        }

        try
        {
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException)
        {
            return (response.StatusCode, default);
        }
    }

    private async Task<HashSet<Operation>> ReadOperationsAsync()
    {
        using var document = JsonDocument.Parse(await stack.Http.GetStringAsync("/openapi/v1.json"));
        var operations = new HashSet<Operation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith(ApiPrefix, StringComparison.Ordinal)))
        {
            foreach (var item in path.Value.EnumerateObject().Where(i => OpenApiMethods.Contains(i.Name)))
            {
                operations.Add(new Operation(item.Name.ToUpperInvariant(), Normalize(path.Name)));
            }
        }

        return operations;
    }

    private static Dictionary<Operation, Row> ReadMatrix(List<string> problems)
    {
        var rows = new Dictionary<Operation, Row>();
        string[] columns = ["method", "path", .. CallerKinds];
        var headerSeen = false;
        var number = 0;
        foreach (var raw in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Gateway", MatrixFile)))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // The note, last, may hold commas.
            var fields = line.Split(',', columns.Length + 1, StringSplitOptions.TrimEntries);
            if (!headerSeen)
            {
                headerSeen = true;
                if (!fields.Take(columns.Length).SequenceEqual(columns))
                {
                    problems.Add($"{MatrixFile} line {number}: the header must start with {string.Join(',', columns)}");
                    return rows;
                }

                continue;
            }

            if (fields.Length < columns.Length)
            {
                problems.Add($"{MatrixFile} line {number}: {fields.Length} fields, expected at least {columns.Length}");
                continue;
            }

            var operation = new Operation(fields[0].ToUpperInvariant(), Normalize(fields[1]));
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < CallerKinds.Length; i++)
            {
                var cell = fields[2 + i];
                if (!Outcomes.Contains(cell))
                {
                    problems.Add($"{MatrixFile} line {number}: '{cell}' for {CallerKinds[i]} is none of {string.Join(", ", Outcomes)}");
                }

                expected[CallerKinds[i]] = cell;
            }

            if (!rows.TryAdd(operation, new Row(operation, expected)))
            {
                problems.Add($"{MatrixFile} line {number}: a second row for {operation}");
            }
        }

        return rows;
    }

    private static string Report(List<string> problems, List<CellResult> mismatches)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"The authorization matrix does not hold: {problems.Count} route problem(s), {mismatches.Count} mismatching cell(s).");
        foreach (var problem in problems)
        {
            text.AppendLine("  " + problem);
        }

        if (mismatches.Count > 0)
        {
            var width = mismatches.Max(m => m.Operation.ToString().Length);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"route".PadRight(width)}  {"caller",-9}  expected  actual  code");
            foreach (var m in mismatches)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {m.Operation.ToString().PadRight(width)}  {m.Caller,-9}  {m.Expected,-8}  {m.Status,-6}  {m.Code ?? "-"}");
            }
        }

        return text.ToString();
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static string FreshEmail() => $"matrix.{Guid.NewGuid():N}@example.com";

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("{([^}]+)}")]
    private static partial Regex RouteParameter();

    private readonly record struct Operation(string Method, string Path)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private sealed record Row(Operation Operation, IReadOnlyDictionary<string, string> Expected);

    private sealed record World(Guid A, Guid B, Guid C, Guid Member, Guid Admin, Guid Owner, Guid LinkedAdmin, Guid UnrelatedAdmin);

    private sealed record Target(Guid User, Guid Team, string Code, string InviteeEmail, string Role, Guid Notification);

    private sealed record CellResult(Operation Operation, string Caller, string Expected, string Actual, int Status, string? Code);
}
