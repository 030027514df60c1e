using System.Text.Json;
using System.Text.Json.Nodes;
using Lyss.UserGrains.Common;
using Lyss.UserGrains.Gateway.Tracking;
using Lyss.UserGrains.Scim;
using Lyss.UserGrains.Teams;

namespace Lyss.UserGrains.Gateway.Scim;

/// <summary>SCIM Groups as the tenant's teams: unique displayName, members added and removed in both forms Entra ID sends.</summary>
public static class ScimGroupEndpoints
{
    public static RouteGroupBuilder MapScimGroups(this RouteGroupBuilder scim)
    {
        ScimEndpoints.Describe(scim.MapGet("/Groups", ListGroups)).WithName("ScimListGroups")
            .WithSummary("The tenant's teams as groups: filter on displayName, id, members.value; excludedAttributes=members; startIndex, count.");
        ScimEndpoints.Describe(scim.MapGet("/Groups/{id}", GetGroup)).WithName("ScimGetGroup").WithSummary("One team of the tenant as a group.");
        ScimEndpoints.Describe(scim.MapPost("/Groups", CreateGroup)).WithName("ScimCreateGroup")
            .WithSummary("Create a team with or without members; a displayName the tenant uses already → 409 uniqueness.");
        ScimEndpoints.Describe(scim.MapPatch("/Groups/{id}", (string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains) => ChangeAsync(id, http, secrets, grains, put: false)))
            .WithName("ScimPatchGroup").WithSummary("Rename, add or remove members (a members value list, or a path members[value eq \"…\"]).");
        ScimEndpoints.Describe(scim.MapPut("/Groups/{id}", (string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains) => ChangeAsync(id, http, secrets, grains, put: true)))
            .WithName("ScimReplaceGroup").WithSummary("Replace a group's displayName and members.");
        ScimEndpoints.Describe(scim.MapDelete("/Groups/{id}", DeleteGroup)).WithName("ScimDeleteGroup").WithSummary("Delete the team.");
        return scim;
    }

    private static async Task<IResult> ListGroups(
        HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, string? filter, string? attributes, string? excludedAttributes, int? startIndex, int? count)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        ScimFilter? parsed;
        try
        {
            parsed = string.IsNullOrWhiteSpace(filter) ? null : ScimFilterParser.Parse(filter);
        }
        catch (ScimFilterException e)
        {
            throw new ScimException(400, "invalidFilter", e.Message);
        }

        var teams = (await grains.GetGrain<ITeamQueryGrain>(0).ListAsync(actor.TenantId, null)).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToList();
        List<TeamView> matching;
        try
        {
            matching = parsed is null ? teams : [.. teams.Where(t => ScimGroups.Matches(parsed, t))];
        }
        catch (ScimFilterException e)
        {
            throw new ScimException(400, "invalidFilter", e.Message);
        }

        var from = Math.Max(startIndex ?? 1, 1);
        var baseUrl = ScimEndpoints.BaseUrl(http);
        var page = matching.Skip(from - 1).Take(Math.Clamp(count ?? 100, 0, ScimEndpoints.MaxCount)).Select(t => ScimProjection.Apply(ScimGroups.Resource(t, baseUrl), attributes, excludedAttributes)).ToArray();
        var list = ScimDiscovery.List(page);
        list["totalResults"] = matching.Count;
        list["startIndex"] = from;
        return ScimResults.Json(list);
    }

    private static async Task<IResult> GetGroup(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, string? attributes, string? excludedAttributes)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var team = await TeamAsync(grains, id, actor.TenantId);
        http.Response.Headers.ETag = ScimGroups.Version(team);
        return ScimResults.Json(ScimProjection.Apply(ScimGroups.Resource(team, ScimEndpoints.BaseUrl(http)), attributes, excludedAttributes));
    }

    private static async Task<IResult> CreateGroup(HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        using var body = await ScimEndpoints.ReadBodyAsync(http);
        var name = ScimUserFields.Member(body.RootElement, "displayName") is { ValueKind: JsonValueKind.String } n ? n.GetString()! : throw new ScimException(400, "invalidValue", "displayName is required.");
        await RequireUniqueAsync(grains, actor.TenantId, name, null);
        var joining = MemberIds(ScimUserFields.Member(body.RootElement, "members")).ToList();
        await RequireMembersAsync(grains, actor.TenantId, joining);
        var grain = grains.GetGrain<ITeamGrain>(Guid.CreateVersion7());
        var team = await grain.CreateAsync(name, actor);
        foreach (var member in joining)
        {
            team = await grain.SetMemberAsync(member, TeamRole.Member, actor);
        }

        var resource = ScimGroups.Resource(team, ScimEndpoints.BaseUrl(http));
        http.Response.Headers.ETag = ScimGroups.Version(team);
        return ScimResults.Json(resource, StatusCodes.Status201Created, resource["meta"]!["location"]!.GetValue<string>());
    }

    private static async Task<IResult> ChangeAsync(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains, bool put)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var team = await TeamAsync(grains, id, actor.TenantId);
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } expected && expected != "*" && expected != ScimGroups.Version(team))
        {
            throw new ScimException(StatusCodes.Status412PreconditionFailed, null, "The group changed since that version; read it again.");
        }

        using var body = await ScimEndpoints.ReadBodyAsync(http);
        var grain = grains.GetGrain<ITeamGrain>(team.Id);
        var members = team.Members.Select(m => m.UserId).ToHashSet();
        string? rename = null;
        if (put)
        {
            rename = ScimUserFields.Member(body.RootElement, "displayName") is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
            members = [.. MemberIds(ScimUserFields.Member(body.RootElement, "members"))];
        }
        else
        {
            if (ScimUserFields.Member(body.RootElement, "Operations") is not { ValueKind: JsonValueKind.Array } operations)
            {
                throw new ScimException(400, "invalidSyntax", "Operations: an array of add, replace or remove operations is required.");
            }

            foreach (var operation in operations.EnumerateArray())
            {
                var op = ScimUserFields.Member(operation, "op") is { ValueKind: JsonValueKind.String } o ? o.GetString()!.ToLowerInvariant() : null;
                var path = ScimUserFields.Member(operation, "path") is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;
                var value = ScimUserFields.Member(operation, "value");
                switch (op, Attribute(path))
                {
                    case ("add" or "replace", null) when value.ValueKind == JsonValueKind.Object:
                        rename = ScimUserFields.Member(value, "displayName") is { ValueKind: JsonValueKind.String } dn ? dn.GetString() : rename;
                        if (ScimUserFields.Member(value, "members") is { ValueKind: JsonValueKind.Array } listed)
                        {
                            members = op == "replace" ? [.. MemberIds(listed)] : [.. members.Union(MemberIds(listed))];
                        }

                        break;
                    case ("add" or "replace", "displayname"):
                        rename = value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ScimException(400, "invalidValue", "displayName: a string.");
                        break;
                    case ("add", "members"):
                        members.UnionWith(MemberIds(value));
                        break;
                    case ("replace", "members"):
                        members = [.. MemberIds(value)];
                        break;
                    case ("remove", "members"):
                        // Entra sends the members to remove as a value list; the RFC's form is a path with a filter.
                        var (_, filter, _) = ScimFilterParser.ParsePatchPath(path!);
                        var leaving = filter is not null ? members.Where(m => MatchesValue(filter, m)).ToList()
                            : value.ValueKind == JsonValueKind.Array ? [.. MemberIds(value)]
                            : [.. members];
                        members.ExceptWith(leaving);
                        break;
                    case (not ("add" or "replace" or "remove"), _):
                        throw new ScimException(400, "invalidSyntax", "op: add, replace or remove.");
                    default:
                        throw new ScimException(400, "invalidPath", $"{path ?? "(no path)"}: a group's displayName or members.");
                }
            }
        }

        // Every id is checked before anything changes: a bad one refuses the whole request.
        await RequireMembersAsync(grains, actor.TenantId, members.Where(m => team.Members.All(x => x.UserId != m)));
        if (rename is not null && rename != team.Name)
        {
            await RequireUniqueAsync(grains, actor.TenantId, rename, team.Id);
            team = await grain.RenameAsync(rename, actor);
        }

        foreach (var leaving in team.Members.Select(m => m.UserId).Where(m => !members.Contains(m)).ToList())
        {
            team = await grain.RemoveMemberAsync(leaving, actor);
        }

        foreach (var joining in members.Where(m => team.Members.All(x => x.UserId != m)).ToList())
        {
            team = await grain.SetMemberAsync(joining, TeamRole.Member, actor);
        }

        http.Response.Headers.ETag = ScimGroups.Version(team);
        return ScimResults.Json(ScimGroups.Resource(team, ScimEndpoints.BaseUrl(http)));
    }

    private static async Task<IResult> DeleteGroup(string id, HttpContext http, WriteKeyResolver secrets, IGrainFactory grains)
    {
        var actor = await ScimCaller.AuthenticateAsync(http, secrets);
        var team = await TeamAsync(grains, id, actor.TenantId);
        await grains.GetGrain<ITeamGrain>(team.Id).DeleteAsync(actor);
        return Results.NoContent();
    }

    private static async Task<TeamView> TeamAsync(IGrainFactory grains, string id, Guid tenantId) =>
        Guid.TryParse(id, out var teamId) && await grains.GetGrain<ITeamGrain>(teamId).GetAsync() is { } team && team.TenantId == tenantId
            ? team
            : throw new ScimException(404, null, $"Group {id} not found.");

    private static async Task RequireUniqueAsync(IGrainFactory grains, Guid tenantId, string name, Guid? except)
    {
        var teams = await grains.GetGrain<ITeamQueryGrain>(0).ListAsync(tenantId, null);
        if (teams.Any(t => t.Id != except && t.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new ScimException(409, "uniqueness", $"The tenant has a group named {name} already.");
        }
    }

    private static async Task RequireMembersAsync(IGrainFactory grains, Guid tenantId, IEnumerable<Guid> ids)
    {
        foreach (var id in ids.Distinct())
        {
            if (await grains.GetGrain<Lyss.UserGrains.Users.IUserGrain>(id).GetAsync() is not { } user || user.Memberships.All(m => m.TenantId != tenantId))
            {
                throw new ScimException(400, "invalidValue", $"members: {id} is no user of the tenant.");
            }
        }
    }

    private static string? Attribute(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return ScimFilterParser.ParsePatchPath(path).Path.Attribute;
        }
        catch (ScimFilterException e)
        {
            throw new ScimException(400, "invalidPath", e.Message);
        }
    }

    private static bool MatchesValue(ScimFilter filter, Guid member) => filter switch
    {
        ScimFilter.Compare { Path.Attribute: "value", Operator: "eq" } eq => eq.Value.ValueKind == JsonValueKind.String && eq.Value.GetString() == member.ToString(),
        ScimFilter.Or or => MatchesValue(or.Left, member) || MatchesValue(or.Right, member),
        _ => throw new ScimException(400, "invalidFilter", "members[value eq \"…\"] (or several joined by or)."),
    };

    /// <summary>The user ids a members value names: <c>[{"value": id}, …]</c> (or one object); an id that is none → 400.</summary>
    private static IEnumerable<Guid> MemberIds(JsonElement members)
    {
        var items = members.ValueKind switch
        {
            JsonValueKind.Array => members.EnumerateArray().ToList(),
            JsonValueKind.Object => [members],
            _ => [],
        };
        foreach (var item in items)
        {
            yield return ScimUserFields.Member(item, "value") is { ValueKind: JsonValueKind.String } v && Guid.TryParse(v.GetString(), out var id)
                ? id
                : throw new ScimException(400, "invalidValue", "members: each a {\"value\": user id}.");
        }
    }
}
