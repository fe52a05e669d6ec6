using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed class ConsentAndDisclosureTests(AppFixture app)
{
    [Fact]
    public async Task A_disclosure_needs_an_active_consent_carries_the_notice_and_is_accounted_for()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");

        var refused = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = Guid.NewGuid() }, expect: 409)).Json();
        Assert.Equal("no-active-consent", refused.Str("title"));

        var consent = (await clinic.Post($"/api/patients/{id}/consents", new
        {
            recipient = "Treatment court of Example County", purpose = "compliance reporting", scope = new[] { "medication" },
            grantedOn = "2026-03-01", expiresOn = "2030-12-31",
        })).Json().GetProperty("consentId").GetGuid();

        var disclosed = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent })).Json();
        Assert.Contains("42 CFR part 2", disclosed.Str("redisclosureNotice"), StringComparison.Ordinal);
        Assert.Equal("Treatment court of Example County", disclosed.Str("recipient"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, disclosed.GetProperty("demographics").ValueKind);   // not in the consent's scope
        Assert.Contains("2026-03-01", disclosed.GetProperty("medication").ToString(), StringComparison.Ordinal);

        var accounting = (await clinic.Get($"/api/patients/{id}/disclosures")).Json();
        var entry = System.Linq.Enumerable.Single(accounting.EnumerateArray());
        Assert.Equal(disclosed.GetProperty("disclosureId").GetGuid(), entry.GetProperty("id").GetGuid());
        Assert.Equal(consent, entry.GetProperty("consentId").GetGuid());

        // revoked: refused from then on
        await clinic.Post($"/api/patients/{id}/consents/{consent}/revocation", new { revokedOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd") });
        Assert.Equal("no-active-consent", (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent }, expect: 409)).Json().Str("title"));
        var consents = (await clinic.Get($"/api/patients/{id}/consents")).Json();
        Assert.False(consents[0].GetProperty("active").GetBoolean());
        Assert.Single((await clinic.Get($"/api/patients/{id}/disclosures")).Json().EnumerateArray());
    }

    [Fact]
    public async Task An_expired_consent_is_not_active()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-01");
        var consent = (await clinic.Post($"/api/patients/{id}/consents", new
        {
            recipient = "Employer assistance program", purpose = "return to work", scope = new[] { "counseling" }, grantedOn = "2026-01-01", expiresOn = "2026-02-01",
        })).Json().GetProperty("consentId").GetGuid();
        await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent }, expect: 409);
        await clinic.Post($"/api/patients/{id}/consents", new { recipient = "x", purpose = "y", scope = Array.Empty<string>(), grantedOn = "2026-01-01", expiresOn = "2026-02-01" }, expect: 400);
    }
}
