using Lyss.UserGrains.Errors;

namespace Lyss.UserGrains.Tenants;

/// <summary>
/// What a tenant admits: the role newcomers get, which roles exist, which email domains it takes and
/// whether newcomers start active. The tenant grain decides with them, and so does a silo's seat
/// pool with the copy its lease carries.
/// </summary>
[GenerateSerializer, Immutable, Alias("lyss.tenants.AdmissionTerms")]
public sealed record AdmissionTerms(
    [property: Id(0)] string DefaultRole,
    [property: Id(1)] bool AutoActivateUsers,
    [property: Id(2)] IReadOnlyList<string> AllowedEmailDomains,
    [property: Id(3)] IReadOnlyList<string> CustomRoles)
{
    /// <summary>The admission of <paramref name="email"/> with <paramref name="requestedRole"/> (or the default); a 400 naming the field otherwise.</summary>
    public Admission Admit(string email, string? requestedRole, Guid? leaseId = null)
    {
        var role = requestedRole ?? DefaultRole;
        if (!TenantRoles.BuiltIn.ContainsKey(role) && !CustomRoles.Contains(role))
        {
            throw new ValidationException("role", $"Unknown role '{role}'; expected one of {string.Join(", ", TenantRoles.BuiltIn.Keys.Concat(CustomRoles))}.");
        }

        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        if (AllowedEmailDomains.Count > 0 && !AllowedEmailDomains.Contains(domain))
        {
            throw new ValidationException("email", $"This tenant admits only emails of {string.Join(", ", AllowedEmailDomains)}.");
        }

        return new Admission(role, AutoActivateUsers, leaseId);
    }
}
