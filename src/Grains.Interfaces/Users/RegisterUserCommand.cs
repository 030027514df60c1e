namespace Lyss.UserGrains.Users;

[GenerateSerializer, Immutable, Alias("lyss.users.RegisterUserCommand")]
public sealed record RegisterUserCommand
{
    [Id(0)] public required string Email { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public string? Phone { get; init; }
    [Id(3)] public string? AvatarUrl { get; init; }
    [Id(4)] public string? Bio { get; init; }

    /// <summary>An admin's request to skip verification; the tenant's setting applies when null.</summary>
    [Id(5)] public bool? AutoActivate { get; init; }

    /// <summary>The role in the tenant; the tenant's default role when null.</summary>
    [Id(6)] public string? Role { get; init; }

    /// <summary>
    /// Set by an invitation whose email reached this address (the invitee proved it by accepting with
    /// the code it carried): in a tenant that activates newcomers the email is then verified at once.
    /// An Orleans client that sets it vouches for the address; the REST API never does.
    /// </summary>
    [Id(7)] public bool EmailProven { get; init; }

    /// <summary>The membership's external id (unique in the tenant; 409 <c>external_id_taken</c>), set with the user in one commit.</summary>
    [Id(8)] public string? ExternalId { get; init; }

    /// <summary>An identity provider's login name that is not the email (SCIM <c>userName</c>), kept on the membership.</summary>
    [Id(9)] public string? ScimUserName { get; init; }
}
