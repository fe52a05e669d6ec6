using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Foundation;

[Collection(ApiCollection.Name)]
public sealed class HostTests(AppFixture app)
{
    [Fact]
    public async Task Liveness_and_readiness_need_no_token()
    {
        await app.Host.Scenario(s => { s.Get.Url("/health/live"); s.StatusCodeShouldBe(200); });
        var ready = await app.Host.Scenario(s => { s.Get.Url("/health/ready"); s.StatusCodeShouldBe(200); });
        Assert.Equal("Healthy", ready.ReadAsText());
    }

    [Fact]
    public async Task The_API_reference_page_is_served()
    {
        var result = await app.Host.Scenario(s => { s.Get.Url("/docs/"); s.StatusCodeShouldBe(200); });
        Assert.Contains("openapi/v1.json", result.ReadAsText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    public async Task Without_a_valid_token_a_patient_route_is_401_problem(string? token)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/patients/{Guid.NewGuid()}");
            if (token is not null) s.WithBearerToken(token);
            s.StatusCodeShouldBe(401);
        });
        Assert.Equal(401, result.Json().GetProperty("status").GetInt32());
        Assert.Equal("application/problem+json", result.Context.Response.ContentType);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var clinic = app.NewClinic();
        await clinic.Get($"/api/patients/{Guid.NewGuid()}", clinic.Token(Roles.Admin, expiresIn: TimeSpan.FromSeconds(-60)), expect: 401);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var foreign = Tokens.Issue(new AuthOptions { SigningKey = new string('x', 64) }, Guid.NewGuid(), Roles.Admin, "north",
            TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var clinic = app.NewClinic();
        await clinic.Get($"/api/patients/{Guid.NewGuid()}", foreign, expect: 401);
    }

    [Fact]
    public async Task A_reporter_on_a_patient_route_is_403_problem()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var result = await clinic.Get($"/api/patients/{id}", clinic.Token(Roles.Reporter), expect: 403);
        Assert.Equal("application/problem+json", result.Context.Response.ContentType);
    }

    [Theory]
    [InlineData("sub", "not-a-guid")]
    [InlineData("sub", "00000000-0000-0000-0000-000000000000")]
    [InlineData("role", "nurse")]
    [InlineData("clinic", "")]
    [InlineData("clinic", null)]
    public async Task A_signed_token_without_a_user_id_a_known_role_or_a_clinic_is_401(string claim, string? value)
    {
        var clinic = app.NewClinic();
        var claims = new Dictionary<string, string?> { ["sub"] = Guid.NewGuid().ToString(), ["role"] = Roles.Admin, ["clinic"] = clinic.Id };
        claims[claim] = value;
        var options = AuthOptions.From(app.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());
        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().WriteToken(new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(
            options.Issuer, options.Audience,
            claims.Where(c => c.Value is not null).Select(c => new System.Security.Claims.Claim(c.Key, c.Value!)),
            DateTime.UtcNow, DateTime.UtcNow.AddHours(1),
            new Microsoft.IdentityModel.Tokens.SigningCredentials(Tokens.SigningKey(options), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256)));
        await clinic.Get("/api/patients", token, expect: 401);
    }
}
