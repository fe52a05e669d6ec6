using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace TreatmentPlatform.Tests.Interop;

/// <summary>
/// Every bundle the API exports or discloses, validated as a receiving system would: the Firely
/// validator against the R4 core profiles (offline, from the specification package), zero errors.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FhirValidationTests(AppFixture app)
{
    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var definitions = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(definitions, new LocalTerminologyService(definitions));
    });

    private static List<string> Errors(string json)
    {
        var bundle = JsonSerializer.Deserialize<Bundle>(json, FhirExport.Json)!;
        return R4.Value.Validate(bundle).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Details?.Text ?? i.Diagnostics} at {string.Join(",", i.Expression ?? [])}")
            .ToList();
    }

    private static async Task AssertValid(TestClinic clinic, Guid id)
    {
        var json = (await clinic.Get($"/api/patients/{id}/fhir")).ReadAsText();
        Assert.Empty(Errors(json));
    }

    [Fact]
    public async Task Oral_doses_and_a_plan_changed_on_its_own_start_day()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-03");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-03-04"));
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-03-04", "every-other-day"));
        await AssertValid(clinic, id);
    }

    [Fact]
    public async Task An_injection_and_an_implant_removed_early()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Injectable("2026-01-05"));
        await clinic.Injection(id, "2026-01-05");
        await clinic.Verified(id, "2026-02-01");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Implant("2026-02-02"));
        var implant = (await clinic.Post($"/api/patients/{id}/implants", new { insertedOn = "2026-02-02", product = "NTX-implant" })).Json().GetProperty("implantId").GetGuid();
        await clinic.Post($"/api/patients/{id}/implants/{implant}/removal", new { removedOn = "2026-03-01", reason = "patient request" });
        await AssertValid(clinic, id);
    }

    [Fact]
    public async Task Two_episodes_every_session_outcome_and_erased_demographics()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Oral("2026-01-05"), counselor);
        await clinic.Dose(id, "2026-01-05");
        foreach (var (day, outcome) in new[] { ("06", "attended"), ("07", "no-show"), ("08", "cancelled") })
            await clinic.Post($"/api/patients/{id}/counseling-sessions",
                new { counselorId = counselor, heldOn = $"2026-01-{day}", minutes = 50, modality = "individual", outcome });
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-01-20", reason = "dropped-out" });
        await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-02-01" });
        await AssertValid(clinic, id);
        await clinic.Post($"/api/patients/{id}/demographics/erasure", new { basis = "patient's written request" });
        await AssertValid(clinic, id);
    }

    [Theory]
    [InlineData("demographics")]
    [InlineData("medication")]
    [InlineData("counseling")]
    [InlineData("outcomes")]
    public async Task A_disclosure_in_each_scope(string scope)
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Post($"/api/patients/{id}/counseling-sessions",
            new { counselorId = Guid.NewGuid(), heldOn = "2026-03-02", minutes = 50, modality = "telehealth", outcome = "attended" });
        var consent = (await clinic.Post($"/api/patients/{id}/consents",
                new { recipient = "Receiving clinic", purpose = "care coordination", scope = new[] { scope }, grantedOn = "2026-03-01", expiresOn = "2030-12-31" }))
            .Json().GetProperty("consentId").GetGuid();
        var bundle = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent, format = "fhir" })).Json().GetProperty("fhirBundle");
        Assert.Empty(Errors(bundle.GetRawText()));
    }
}
