using Lyss.UserGrains.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Lyss.UserGrains.Tests.Grains.Hosting;

/// <summary>The silo logs its options at start; a secret among them is shown as redacted, the rest as set.</summary>
public sealed class OptionsFormattingTests
{
    [Fact]
    public void The_smtp_password_is_redacted_where_the_notification_options_are_logged()
    {
        var services = new ServiceCollection();
        services.Configure<NotificationOptions>(o =>
        {
            o.SmtpHost = "mail.example.net";
            o.SmtpPassword = "s3cret-smtp-pw";
        });
        // What a silo registers for every options type (Orleans' own default formatter, internal to it).
        var defaultFormatter = typeof(ClusterOptions).Assembly.GetType("Orleans.DefaultOptionsFormatter`1", throwOnError: true)!;
        services.AddSingleton(typeof(IOptionFormatter<>), defaultFormatter);
        services.ConfigureFormatter<NotificationOptions>();
        using var provider = services.BuildServiceProvider();

        var lines = provider.GetServices<IOptionFormatter>().SelectMany(f => f.Format()).ToList();
        Assert.True(lines.Any(l => l.Contains("SmtpHost", StringComparison.Ordinal) && l.Contains("mail.example.net", StringComparison.Ordinal)), string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains("SmtpPassword", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("s3cret-smtp-pw", StringComparison.Ordinal));
    }
}
