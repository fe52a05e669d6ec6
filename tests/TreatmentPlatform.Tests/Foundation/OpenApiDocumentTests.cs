using System.Text.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Foundation;

/// <summary>
/// The OpenAPI document as a client generator reads it. scripts/test.sh sets TP_OPENAPI_FILE and
/// lints the document these tests fetched (Redocly's recommended rules).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(AppFixture app)
{
    [Fact]
    public async Task It_describes_the_patient_routes()
    {
        var paths = (await Document()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/patients", out var enroll) && enroll.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/patients/{id}", out var read) && read.TryGetProperty("get", out _));
    }

    [Fact]
    public async Task It_declares_the_bearer_token_on_every_route_and_each_routes_roles()
    {
        var document = await Document();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.Str("type"), scheme.Str("scheme")));
        // The anonymous routes (health, this document, /docs, /dashboard) are not in it: every route it lists needs a token.
        Assert.DoesNotContain(Operations(document), o => o.Path.StartsWith("/health", StringComparison.Ordinal));
        Assert.All(Operations(document), o => Assert.Contains("Bearer", o.Operation.GetProperty("security").ToString(), StringComparison.Ordinal));
        var discharge = document.GetProperty("paths").GetProperty("/api/patients/{id}/discharge").GetProperty("post");
        Assert.Contains("Roles: admin.", discharge.Str("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_are_grouped_by_feature_under_described_tags()
    {
        var document = await Document();
        var tags = document.GetProperty("tags").EnumerateArray().ToDictionary(t => t.Str("name"), t => t.Str("description"));
        Assert.All(tags.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
        var used = Operations(document).SelectMany(o => o.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)).ToHashSet();
        Assert.Equal(used.Order(), tags.Keys.Order());
        Assert.Contains("Medication", tags.Keys);
        Assert.Equal(["Medication"], Tags(document, "/api/patients/{id}/injections", "post"));
    }

    [Fact]
    public async Task The_server_url_has_no_trailing_slash()
    {
        var servers = (await Document()).GetProperty("servers").EnumerateArray().Select(s => s.Str("url")).ToList();
        Assert.NotEmpty(servers);
        Assert.All(servers, url => Assert.False(url.EndsWith('/'), url));
    }

    [Fact]
    public async Task Every_request_body_and_main_success_response_has_an_example()
    {
        var document = await Document();
        foreach (var (path, method, operation) in Operations(document))
        {
            if (operation.TryGetProperty("requestBody", out var body))
                Assert.All(body.GetProperty("content").EnumerateObject(), c => Assert.True(c.Value.TryGetProperty("example", out _), $"{method} {path} request"));
            var success = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).MinBy(r => r.Name);
            // The FHIR bundle is FHIR's own format, described by its specification rather than a schema here.
            if (success.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json))
                Assert.True(json.TryGetProperty("example", out _), $"{method} {path} {success.Name}");
        }
        var enrol = document.GetProperty("paths").GetProperty("/api/patients").GetProperty("post");
        var example = enrol.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal(("Example", "oud-aud"), (example.Str("lastName"), example.Str("program")));
    }

    [Fact]
    public async Task The_API_reference_page_is_served()
    {
        var result = await app.Host.Scenario(s => { s.Get.Url("/docs/"); s.StatusCodeShouldBe(200); });
        Assert.Contains("openapi/v1.json", result.ReadAsText(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> Document()
    {
        var text = (await app.Host.Scenario(s => { s.Get.Url("/openapi/v1.json"); s.StatusCodeShouldBe(200); })).ReadAsText();
        if (Environment.GetEnvironmentVariable("TP_OPENAPI_FILE") is { Length: > 0 } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, text);
        }
        using var parsed = JsonDocument.Parse(text);
        return parsed.RootElement.Clone();
    }

    private static List<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name, o.Value))).ToList();

    private static string[] Tags(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
}
