using Lyss.UserGrains.Grains.Notifications;
using Lyss.UserGrains.Grains.Notifications.Templates;

namespace Lyss.UserGrains.Tests.Grains.Notifications;

public sealed class TemplateCatalogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lyss-templates-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_built_in_templates_load_without_a_problem_in_chinese_and_english()
    {
        var catalog = TemplateCatalog.Load(null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(["en", "zh-CN"], catalog.Languages);
        foreach (var name in TemplateDefinition.All.Keys)
        {
            foreach (var language in catalog.Languages)
            {
                var text = catalog.Render(name, [language], new Dictionary<string, string?>());
                Assert.Equal(language, text.Language);
                Assert.False(string.IsNullOrWhiteSpace(text.Body), $"{language}/{name} has a body");
            }
        }
    }

    [Theory]
    [InlineData(new[] { "en" }, "en")]
    [InlineData(new[] { "EN-gb" }, "en")]
    [InlineData(new[] { "zh-TW" }, "zh-CN")]
    [InlineData(new[] { "fr", "en" }, "en")]
    [InlineData(new[] { "fr" }, "zh-CN")]
    [InlineData(new string[0], "zh-CN")]
    public void The_recipients_language_wins_then_the_tenants_then_chinese(string[] preferences, string expected) =>
        Assert.Equal(expected, TemplateCatalog.Load(null, out _).ChooseLanguage("welcome", preferences));

    [Fact]
    public void Values_fill_placeholders_and_sections_and_are_never_read_as_template_text()
    {
        var catalog = TemplateCatalog.Load(null, out _);

        var full = catalog.Render("deactivation", ["en"], new Dictionary<string, string?> { ["reason"] = "{{until}} policy", ["until"] = "2027-01-01 00:00:00Z" });
        Assert.Equal("Your account was deactivated", full.Subject);
        Assert.Equal("Your account was deactivated: {{until}} policy. It will be active again on 2027-01-01 00:00:00Z.", full.Body);

        var bare = catalog.Render("deactivation", ["en"], new Dictionary<string, string?> { ["reason"] = null });
        Assert.Equal("Your account was deactivated.", bare.Body);

        var chinese = catalog.Render("verification_sms", [], new Dictionary<string, string?> { ["code"] = "123456", ["minutes"] = "15" });
        Assert.Equal(("", "zh-CN"), (chinese.Subject, chinese.Language));
        Assert.Contains("123456", chinese.Body, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => catalog.Render("verification", ["en"], new Dictionary<string, string?> { ["password"] = "x" }));
    }

    [Fact]
    public void A_directory_replaces_a_built_in_text_and_adds_a_language()
    {
        Write("en/welcome.txt", "Hi there\n\nWelcome to {{tenant}}, {{name}}.");
        foreach (var definition in TemplateDefinition.All.Values)
        {
            var needed = string.Join(" ", definition.Required.Select(r => $"{{{{{r}}}}}"));
            Write($"de/{definition.Name}.txt", definition.HasSubject ? $"Betreff {definition.Name}\n\nText {needed}" : $"Code {needed}");
        }

        // A language with only some templates is used for those and falls back for the rest.
        Write("fr/welcome.txt", "Bienvenue\n\nBonjour {{name}}.");

        var catalog = TemplateCatalog.Load(_directory, out var errors);

        Assert.Empty(errors);
        Assert.Contains("de", catalog.Languages);
        Assert.Equal("Welcome to Acme, Ada.", catalog.Render("welcome", ["en"], new Dictionary<string, string?> { ["tenant"] = "Acme", ["name"] = "Ada" }).Body);
        Assert.Equal("Betreff welcome", catalog.Render("welcome", ["de-AT"], new Dictionary<string, string?>()).Subject);
        Assert.Equal("fr", catalog.Render("welcome", ["fr"], new Dictionary<string, string?>()).Language);
        Assert.Equal("en", catalog.Render("friend_request", ["fr", "en"], new Dictionary<string, string?>()).Language);
    }

    [Fact]
    public void Broken_files_are_named_with_what_is_wrong_and_fail_the_options_at_start()
    {
        Write("en/verification.txt", "Confirm\n\nYour code: {{code}} and {{password}}.");
        Write("en/welcome.txt", "\n\nNo subject line.");
        Write("en/friend_request.txt", "Hello\n\n{{#name}}unclosed");
        Write("en/newsletter.txt", "Spam\n\nBuy now.");
        Write("fr/welcome.txt", "Bienvenue\n\nBonjour.");

        TemplateCatalog.Load(_directory, out var errors);

        Assert.Contains(errors, e => e.StartsWith("en/verification.txt: unknown placeholder {{password}}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "en/verification.txt: must use {{link}}.");
        Assert.Contains(errors, e => e == "en/welcome.txt: the first line (the subject) is empty.");
        Assert.Contains(errors, e => e.StartsWith("en/friend_request.txt: unknown placeholder", StringComparison.Ordinal) || e.StartsWith("en/friend_request.txt: a '{{'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("en/newsletter.txt: no template is named 'newsletter'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("fr/", StringComparison.Ordinal));

        var result = new TemplateValidation().Validate(null, new NotificationOptions { TemplateDirectory = _directory });
        Assert.True(result.Failed);
        Assert.Contains("Lyss:Notifications:TemplateDirectory: en/welcome.txt", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new TemplateValidation().Validate(null, new NotificationOptions()).Succeeded);
        Assert.True(new TemplateValidation().Validate(null, new NotificationOptions { TemplateDirectory = Path.Combine(_directory, "missing") }).Failed);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
