using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Gateway.Auth;
using Lyss.UserGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lyss.UserGrains.Gateway.Users;

public static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/{id:guid}", GetUser).WithName("GetUser").WithSummary("A user of the caller's tenant.");
        return users;
    }

    private static async Task<Ok<UserResponse>> GetUser(Guid id, HttpContext http, IGrainFactory grains)
    {
        var caller = http.GetCaller();
        if (!caller.IsSelf(id))
        {
            caller.Demand(Permissions.UserRead);
        }

        var user = await grains.GetGrain<IUserGrain>(id).GetAsync();
        // Another tenant's user is reported exactly like a missing one (API.md).
        if (user is null || (user.HomeTenantId != caller.TenantId && !caller.IsPlatformOperator))
        {
            throw new NotFoundException($"User {id} was not found.") { Code = "user_not_found" };
        }

        return TypedResults.Ok(UserResponse.From(user));
    }
}
