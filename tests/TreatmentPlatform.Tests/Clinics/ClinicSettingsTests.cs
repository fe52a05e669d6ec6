using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Clinics;

[Collection(ApiCollection.Name)]
public sealed class ClinicSettingsTests(AppFixture app)
{
    [Fact]
    public async Task Defaults_come_from_the_domain_rules_and_a_change_sticks_per_clinic()
    {
        var clinic = app.NewClinic();
        var other = app.NewClinic();
        var defaults = (await clinic.Get("/api/clinic/settings")).Json();
        Assert.Equal(0.80m, defaults.GetProperty("pdcThreshold").GetDecimal());
        Assert.Equal(0.75m, defaults.GetProperty("counselingThreshold").GetDecimal());

        var updated = (await clinic.Put("/api/clinic/settings", new { timeZone = "America/Chicago", pdcThreshold = 0.9 })).Json();
        Assert.Equal("America/Chicago", updated.Str("timeZone"));
        Assert.Equal(0.9m, updated.GetProperty("pdcThreshold").GetDecimal());
        Assert.Equal(0.75m, updated.GetProperty("counselingThreshold").GetDecimal());

        Assert.Equal("America/Chicago", (await clinic.Get("/api/clinic/settings")).Json().Str("timeZone"));
        Assert.Equal(0.80m, (await other.Get("/api/clinic/settings")).Json().GetProperty("pdcThreshold").GetDecimal());
    }

    [Theory]
    [InlineData("""{"timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"pdcThreshold":1.5}""", "pdcThreshold")]
    [InlineData("""{"counselingThreshold":0}""", "counselingThreshold")]
    [InlineData("""{"pdcThreshold":"high"}""", "pdcThreshold")]
    public async Task Bad_settings_are_400(string body, string field)
    {
        var clinic = app.NewClinic();
        var problem = (await clinic.Send(HttpMethod.Put, "/api/clinic/settings", body, expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Only_admins_see_settings()
    {
        var clinic = app.NewClinic();
        await clinic.Get("/api/clinic/settings", clinic.Token("counselor"), expect: 403);
    }
}
