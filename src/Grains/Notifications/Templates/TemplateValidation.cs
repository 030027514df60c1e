using Microsoft.Extensions.Options;

namespace Lyss.UserGrains.Grains.Notifications.Templates;

/// <summary>Start-up check of the templates (built in, and those of <see cref="NotificationOptions.TemplateDirectory"/>).</summary>
public sealed class TemplateValidation : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        TemplateCatalog.Load(options.TemplateDirectory, out var errors);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{NotificationOptions.SectionName}:TemplateDirectory: {e}"));
    }
}
