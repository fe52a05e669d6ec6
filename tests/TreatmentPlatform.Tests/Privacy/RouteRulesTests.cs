using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Tests.Support;
using static TreatmentPlatform.Tests.Privacy.RouteRules;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed partial class RouteRulesTests(AppFixture app)
{
    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    private static string Url(Rule rule, Guid patientOrCounselor, string query = "") =>
        Placeholder().Replace(rule.Route, m => m.Groups[1].Value switch
        {
            "id" => patientOrCounselor.ToString(),
            "kind" => "adherence",
            _ => Guid.NewGuid().ToString(),
        }) + (rule.Method == "GET" && rule.Route.Contains("reports/{kind}", StringComparison.Ordinal) ? "?from=2026-03-01&to=2026-03-31" : query);

    [Fact]
    public void Every_api_route_of_the_host_has_a_rule()
    {
        var hosted = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(k => k.Contains(" /api/", StringComparison.Ordinal))
            .ToHashSet();
        var ruled = All.Select(r => r.Key).ToHashSet();
        Assert.Empty(hosted.Except(ruled));
        Assert.Empty(ruled.Except(hosted));
    }

    public static TheoryData<string> Keys() => [.. All.Where(r => !r.Streams).Select(r => r.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Each_role_is_let_in_or_refused_by_the_rule(string key)
    {
        var rule = All.Single(r => r.Key == key);
        var clinic = app.NewClinic();
        foreach (var role in new[] { A, C, R })
        {
            var user = Guid.NewGuid();
            var result = await clinic.Send(new HttpMethod(rule.Method), Url(rule, rule.Route.StartsWith("/api/counselors", StringComparison.Ordinal) ? user : Guid.NewGuid()),
                rule.Body ?? (rule.Method == "GET" ? null : "{}"), clinic.Token(role, user), expect: null);
            var status = result.Context.Response.StatusCode;
            if (rule.Roles.Contains(role)) Assert.True(status is not (401 or 403), $"{key} as {role}: {status}");
            else Assert.True(status == 403, $"{key} as {role} should be 403, was {status}");
        }
        var anonymous = await app.Host.Scenario(s =>
        {
            var call = rule.Method switch { "GET" => s.Get, "PUT" => s.Put, _ => s.Post };
            call.Url(Url(rule, Guid.NewGuid()));
            s.StatusCodeShouldBe(401);
        });
        Assert.Equal("application/problem+json", anonymous.Context.Response.ContentType);
    }
}
