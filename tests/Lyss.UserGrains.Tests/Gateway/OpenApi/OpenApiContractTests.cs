using System.Text.Json;
using Lyss.UserGrains.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace Lyss.UserGrains.Tests.Gateway.OpenApi;

/// <summary>The published contract is fit for generating clients, and a generated C# client compiles.</summary>
[Trait("Needs", "Services")]
[Collection(LiveStackCollection.Name)]
public sealed class OpenApiContractTests(LiveStackFixture stack)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<string> DocumentAsync() => await stack.Http.GetStringAsync("/openapi/v1.json");

    [Fact]
    public async Task The_tracking_protocols_routes_are_listed()
    {
        using var document = JsonDocument.Parse(await DocumentAsync());
        // The document drops a route's trailing slash: PostHog's /batch/ is listed as /batch (both are served).
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected = ["/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias", "/v1/batch", "/v1/import", "/batch", "/capture", "/e",
            "/api/v1/tenants/{id}/write-keys", "/api/v1/tenants/{id}/write-keys/{keyId}", "/api/v1/admin/user-activities/visitor/{anonymousId}"];
        Assert.All(expected, p => Assert.Contains(p, paths));
    }

    [Fact]
    public async Task Every_operation_is_named_summarised_typed_and_declares_its_problems_and_security()
    {
        using var document = JsonDocument.Parse(await DocumentAsync());
        var root = document.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        var defects = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var operations = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                operations++;
                var op = operation.Value;
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!op.TryGetProperty("operationId", out var id) || !names.Add(id.GetString()!))
                {
                    defects.Add($"{where}: no operationId, or one used twice");
                }

                if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    defects.Add($"{where}: no summary");
                }

                var responses = op.GetProperty("responses").EnumerateObject().ToList();
                if (!responses.Any(r => r.Name is "204" or "302" || (r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _)))))
                {
                    defects.Add($"{where}: no typed success response");
                }

                if (!path.Name.StartsWith("/api/", StringComparison.Ordinal))
                {
                    // Protocols (Segment /v1/*, PostHog, SCIM): their own error shapes, a write key or SCIM token instead of a JWT.
                    var errors = responses.Where(r => r.Name is "400" or "401").ToList();
                    if (errors.Count != 2
                        || !errors.All(e => e.Value.TryGetProperty("content", out var c) && (c.TryGetProperty("application/json", out _) || c.TryGetProperty("application/scim+json", out _)))
                        || !op.TryGetProperty("security", out var keyed)
                        || !(keyed.GetRawText().Contains("writeKey", StringComparison.Ordinal) || keyed.GetRawText().Contains("scimToken", StringComparison.Ordinal)))
                    {
                        defects.Add($"{where}: a protocol route must document 400 and 401 as JSON and its writeKey or scimToken security");
                    }

                    continue;
                }

                var problems = responses.Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')).ToList();
                if (problems.Count == 0 || !problems.All(p => p.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/problem+json", out _)))
                {
                    defects.Add($"{where}: problem responses missing or not problem+json");
                }

                // A route that answers 401 takes a token and must say which; one without a token is rate limited instead.
                var takesToken = responses.Any(r => r.Name == "401");
                if (takesToken != op.TryGetProperty("security", out _) || (!takesToken && !responses.Any(r => r.Name == "429")))
                {
                    defects.Add($"{where}: security requirement and 401/429 disagree");
                }
            }
        }

        Assert.True(operations >= 90, $"only {operations} operations in the document");
        Assert.True(defects.Count == 0, string.Join('\n', defects));
    }

    [Fact]
    public async Task A_csharp_client_generated_from_the_document_compiles()
    {
        var openApi = await NSwag.OpenApiDocument.FromJsonAsync(await DocumentAsync());
        var code = new CSharpClientGenerator(openApi, new CSharpClientGeneratorSettings
        {
            ClassName = "LyssUserGrainsClient",
            CSharpGeneratorSettings = { Namespace = "Lyss.UserGrains.Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
            GenerateClientInterfaces = true,
        }).GenerateFile();
        // Operation names become the client's methods.
        Assert.Contains("CreateUserAsync(", code, StringComparison.Ordinal);
        Assert.Contains("TrackActivityBatchAsync(", code, StringComparison.Ordinal);

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "GeneratedClient",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString());
        Assert.True(result.Success, string.Join('\n', errors));
    }
}
