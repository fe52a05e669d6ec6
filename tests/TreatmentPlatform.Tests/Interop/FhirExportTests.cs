using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Interop;

[Collection(ApiCollection.Name)]
public sealed class FhirExportTests(AppFixture app)
{
    private async Task<(TestClinic Clinic, Guid Id, Guid Consent)> TreatedPatient()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-03");
        await clinic.Verified(id, "2026-03-04");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-03-04"));
        await clinic.Injection(id, "2026-03-04");
        await clinic.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = Guid.NewGuid(), heldOn = "2026-03-05", minutes = 45, modality = "telehealth", outcome = "attended" });
        var consent = (await clinic.Post($"/api/patients/{id}/consents", new
        {
            recipient = "Community health partner", purpose = "care coordination", scope = new[] { "medication", "counseling" },
            grantedOn = "2026-03-05", expiresOn = "2030-01-01",
        })).Json().GetProperty("consentId").GetGuid();
        return (clinic, id, consent);
    }

    [Fact]
    public async Task The_bundle_parses_strictly_round_trips_and_holds_each_resource()
    {
        var (clinic, id, _) = await TreatedPatient();
        var result = await clinic.Get($"/api/patients/{id}/fhir");
        Assert.StartsWith("application/fhir+json", result.Context.Response.ContentType, StringComparison.Ordinal);
        var json = result.ReadAsText();

        var bundle = JsonSerializer.Deserialize<Bundle>(json, FhirExport.Json)!;   // the library's parser; throws on invalid FHIR
        var types = bundle.Entry.GroupBy(e => e.Resource!.TypeName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, types["Patient"]);
        Assert.Equal(1, types["EpisodeOfCare"]);
        Assert.Equal(2, types["MedicationRequest"]);          // oral, then injectable
        Assert.Equal(3, types["MedicationStatement"]);        // three oral doses
        Assert.Equal(1, types["MedicationAdministration"]);   // the injection
        Assert.Equal(1, types["Encounter"]);
        Assert.Equal(1, types["Consent"]);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Equal("Avery", patient.Name[0].Given?.Single());
        Assert.Equal("VR", bundle.Entry.Select(e => e.Resource).OfType<Encounter>().Single().Class?.Code);

        var again = FhirExport.Serialize(bundle);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(again)));
    }

    [Fact]
    public async Task Outside_the_clinic_the_bundle_goes_only_with_a_consent_and_only_its_scope()
    {
        var (clinic, id, consent) = await TreatedPatient();
        await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = Guid.NewGuid(), format = "fhir" }, expect: 409);
        var disclosed = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent, format = "fhir" })).Json();
        Assert.False(string.IsNullOrEmpty(disclosed.Str("redisclosureNotice")));
        var bundle = JsonSerializer.Deserialize<Bundle>(disclosed.GetProperty("fhirBundle").GetRawText(), FhirExport.Json)!;
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Empty(patient.Name);                             // demographics are outside the consent's scope
        Assert.Null(patient.BirthDate);
        Assert.Equal(3, bundle.Entry.Count(e => e.Resource is MedicationStatement));
        await clinic.Get($"/api/patients/{id}/fhir", clinic.Token("counselor"), expect: 403);
    }
}
