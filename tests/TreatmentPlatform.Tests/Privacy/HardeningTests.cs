using Alba;
using Microsoft.AspNetCore.Hosting;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed class HardeningTests(AppFixture app)
{
    [Fact]
    public async Task Bodies_over_64KB_are_413_problem()
    {
        var clinic = app.NewClinic();
        var huge = $$"""{"firstName":"{{new string('a', 70_000)}}"}""";
        var result = await clinic.Send(HttpMethod.Post, "/api/patients", huge, expect: 413);
        Assert.Equal("application/problem+json", result.Context.Response.ContentType);
    }

    [Fact]
    public async Task Long_strings_and_extreme_numbers_are_400_not_500()
    {
        var clinic = app.NewClinic();
        await clinic.Post("/api/patients", Scenarios.Enrollment(firstName: new string('x', 5_000)), expect: 400);
        var id = await clinic.EnrolledPatient("2026-03-01");
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/doses", """{"takenOn":"2026-03-02","doseMg":99999999999999999999,"observed":true}""", expect: 400);
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/doses", """{"takenOn":"9999-12-31","doseMg":50,"observed":"yes"}""", expect: 400);
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/doses", """{"takenOn":null,"doseMg":null}""", expect: 400);
        await clinic.Get($"/api/patients/{id}/adherence?from=0001-01-01&to=9999-12-31", expect: 400);
        // found by the fuzz test: PostgreSQL cannot store NUL, so it is refused up front
        var nul = (await clinic.Send(HttpMethod.Put, $"/api/patients/{id}/demographics", """{"lastName":"\u0000"}""", expect: 400)).Json();
        Assert.True(nul.GetProperty("errors").TryGetProperty("lastName", out _));
    }

    [Fact]
    public async Task API_responses_carry_security_headers_and_are_not_cached()
    {
        var clinic = app.NewClinic();
        var result = await clinic.Get("/api/clinic/settings");
        var headers = result.Context.Response.Headers;
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("DENY", headers.XFrameOptions.ToString());
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Contains("default-src 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_never_show_stack_traces_or_SQL()
    {
        var clinic = app.NewClinic();
        var text = (await clinic.Send(HttpMethod.Post, "/api/patients", "{\"program\":", expect: 400)).ReadAsText();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("select ", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Writes_over_the_configured_limit_are_429_with_Retry_After()
    {
        await using var limited = await AlbaHost.For<Program>(b => b.UseSetting("RateLimits:WritesPerMinute", "3"));
        var clinic = new TestClinic(limited);
        for (var i = 0; i < 3; i++) await clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment(), expect: 201);
        var refused = await clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment(), expect: 429);
        Assert.True(int.Parse(refused.Context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", refused.Context.Response.ContentType);
        // reads are not limited, and another user has their own allowance
        await clinic.Get("/api/patients", expect: 200);
        await clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment(), clinic.Token("admin"), expect: 201);
    }
}
