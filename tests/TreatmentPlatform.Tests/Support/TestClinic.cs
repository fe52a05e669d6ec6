using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Platform;
using TreatmentPlatform.Platform.Auth;

namespace TreatmentPlatform.Tests.Support;

/// <summary>A fresh clinic (tenant) with its users, talking to the real host over HTTP.</summary>
public sealed class TestClinic(IAlbaHost host, string? id = null, Guid? adminId = null)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public string Id { get; } = id ?? "clinic-" + Guid.NewGuid().ToString("N")[..12];
    public Guid AdminId { get; } = adminId ?? Guid.NewGuid();
    public IAlbaHost Host { get; } = host;

    public string Token(string role, Guid? subject = null, TimeSpan? expiresIn = null) =>
        Tokens.Issue(AuthOptions.From(Host.Services.GetRequiredService<IConfiguration>()), subject ?? Guid.NewGuid(), role, Id,
            expiresIn ?? TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public string AdminToken => Token(Roles.Admin, AdminId);

    public Task<IScenarioResult> Send(HttpMethod method, string url, object? body = null, string? token = null,
        int? expect = null, Action<Scenario>? configure = null) =>
        Host.Scenario(s =>
        {
            var call = method == HttpMethod.Get ? s.Get : method == HttpMethod.Put ? s.Put : method == HttpMethod.Delete ? s.Delete : s.Post;
            if (body is null) call.Url(url);
            else if (body is string raw) call.Text(raw).ToUrl(url);
            else call.Json(body, JsonStyle.MinimalApi).ToUrl(url);
            if (body is string) s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearerToken(token ?? AdminToken);
            configure?.Invoke(s);
            if (expect is { } code) s.StatusCodeShouldBe(code);
            else s.IgnoreStatusCode();
        });

    public Task<IScenarioResult> Get(string url, string? token = null, int? expect = 200) => Send(HttpMethod.Get, url, null, token, expect);
    public Task<IScenarioResult> Post(string url, object body, string? token = null, int? expect = 200) => Send(HttpMethod.Post, url, body, token, expect);
    public Task<IScenarioResult> Put(string url, object body, string? token = null, int? expect = 200) => Send(HttpMethod.Put, url, body, token, expect);

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpApi.ConfigureJson(json);
        return json;
    }
}

public static class ScenarioResultExtensions
{
    public static JsonElement Json(this IScenarioResult result) => result.ReadAsJson<JsonElement>();

    public static T Read<T>(this IScenarioResult result) =>
        JsonSerializer.Deserialize<T>(result.ReadAsText(), TestClinic.Json)!;
}
