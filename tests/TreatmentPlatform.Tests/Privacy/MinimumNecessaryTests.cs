using TreatmentPlatform.Platform.Auth;
using System.Text.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

/// <summary>What leaves the clinic, and what a reporter sees, is only what their purpose needs.</summary>
[Collection(ApiCollection.Name)]
public sealed class MinimumNecessaryTests(AppFixture app)
{
    private static async Task<Guid> Consent(TestClinic clinic, Guid id, string recipient, string purpose, params string[] scope) =>
        (await clinic.Post($"/api/patients/{id}/consents", new { recipient, purpose, scope, grantedOn = "2026-03-01", expiresOn = "2030-12-31" }))
        .Json().GetProperty("consentId").GetGuid();

    [Fact]
    public async Task A_demographics_consent_discloses_who_the_patient_is_and_nothing_of_their_treatment()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselorId: Guid.NewGuid());
        await clinic.Dose(id, "2026-03-01");
        var consent = await Consent(clinic, id, "Primary care physician", "care coordination", "demographics");

        var disclosed = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent })).Json();
        var demographics = disclosed.GetProperty("demographics");
        Assert.Equal(("Avery", "Testpatient", "1984-06-30"), (demographics.Str("firstName"), demographics.Str("lastName"), demographics.Str("dateOfBirth")));
        var fields = demographics.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var treatment in new[] { "program", "status", "medicationPlan", "coverageEndsOn", "counselorId", "dischargeReason", "dischargedOn", "episode" })
            Assert.DoesNotContain(treatment, fields);
        foreach (var part in new[] { "medication", "counseling", "outcomes" })
            Assert.Equal(JsonValueKind.Null, disclosed.GetProperty(part).ValueKind);
    }

    [Fact]
    public async Task A_fhir_disclosure_carries_the_resources_in_scope_and_only_its_own_consent()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Post($"/api/patients/{id}/counseling-sessions",
            new { counselorId = Guid.NewGuid(), heldOn = "2026-03-02", minutes = 50, modality = "individual", outcome = "attended" });
        await Consent(clinic, id, "Employer assistance program", "return to work", "counseling");
        var court = await Consent(clinic, id, "Treatment court of Example County", "compliance reporting", "medication");

        var bundle = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = court, format = "fhir" })).Json().GetProperty("fhirBundle");
        var resources = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var consents = resources.Where(r => r.Str("resourceType") == "Consent").ToList();
        Assert.Equal(court.ToString(), Assert.Single(consents).Str("id"));
        Assert.DoesNotContain("Employer assistance program", bundle.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("return to work", bundle.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(resources, r => r.Str("resourceType") == "Encounter");                 // counseling is not in scope
        Assert.Contains(resources, r => r.Str("resourceType") == "MedicationRequest");
        var patient = resources.Single(r => r.Str("resourceType") == "Patient");
        Assert.False(patient.TryGetProperty("name", out _));                                          // demographics are not in scope

        var demographicsOnly = await Consent(clinic, id, "Primary care physician", "care coordination", "demographics");
        var small = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = demographicsOnly, format = "fhir" })).Json().GetProperty("fhirBundle");
        // The clinic (Organization) is the consent's performer; nothing of the treatment goes with the demographics.
        Assert.Equal(["Organization", "Patient", "Consent"], small.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").Str("resourceType")).ToArray());
    }

    [Fact]
    public async Task A_reporter_sees_rows_keyed_by_patient_and_episode_never_names_dates_of_birth_or_mrns()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-03-10", reason = "completed" });
        var reporter = clinic.Token(Roles.Reporter);
        foreach (var kind in new[] { "adherence", "retention", "medication-plus-counseling", "continuity", "discharges", "outcomes" })
        {
            foreach (var csv in new[] { false, true })
            {
                var result = await clinic.Host.Scenario(s =>
                {
                    s.Get.Url($"/api/reports/{kind}?from=2026-03-01&to=2026-03-31&minVersion=1");
                    s.WithBearerToken(reporter);
                    if (csv) s.WithRequestHeader("Accept", "text/csv");
                    s.StatusCodeShouldBe(200);
                });
                var text = result.ReadAsText();
                foreach (var identifier in new[] { "Avery", "Testpatient", "1984-06-30", "mrn" })
                    Assert.DoesNotContain(identifier, text, StringComparison.OrdinalIgnoreCase);
                if (kind != "outcomes") Assert.Contains(id.ToString(), text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
