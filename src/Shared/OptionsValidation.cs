using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Hosting;

/// <summary>
/// The one way options are bound here: a configuration section, validated by its data annotations
/// when the host starts, so bad configuration fails at start naming the field. Linked into each host
/// project (and the grains and the client package), which share no assembly but the interfaces.
/// </summary>
internal static class OptionsValidation
{
    /// <summary>Options of <paramref name="sectionName"/> for injection, validated on start.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string sectionName)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// The same, for options the host needs while it is still being built (clustering, auth keys, body
    /// limits): also returned now, bound and validated, since no service provider exists yet.
    /// </summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string sectionName)
        where T : class, new()
    {
        builder.Services.AddValidatedOptions<T>(sectionName);
        return builder.Configuration.BindValidated<T>(sectionName);
    }

    /// <summary>Bound and validated now, for commands that build no host (token issuing, read-model rebuilds).</summary>
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
