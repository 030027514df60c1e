using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Hosting;

/// <summary>
/// Linked into both hosts (Silo and Gateway.Api), which share no assembly but Grains.Interfaces.
/// Binds and validates options that are needed while the host is still being built (before
/// the service provider exists), so that bad configuration fails with the field's name.
/// </summary>
internal static class OptionsValidation
{
    public static T BindValidated<T>(this IConfiguration configuration, string sectionName)
        where T : class, new()
    {
        var options = configuration.GetSection(sectionName).Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var failures = results.Select(r => $"{sectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
            throw new OptionsValidationException(sectionName, typeof(T), failures);
        }

        return options;
    }

    public static string RequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new OptionsValidationException(
                $"ConnectionStrings:{name}",
                typeof(string),
                [$"ConnectionStrings:{name} is required (environment variable ConnectionStrings__{name})."]);
}
