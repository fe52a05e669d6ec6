using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Tests.Support;
using Task = System.Threading.Tasks.Task;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Interop;

/// <summary>
/// Every bundle the API exports or discloses, validated as a receiving system would: the Firely
/// validator against the R4 core profiles (offline, from the specification package), zero errors.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FhirValidationTests(AppFixture app, ITestOutputHelper output)
{
    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var definitions = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(definitions, new LocalTerminologyService(definitions));
    });

    /// <summary>The errors; warnings (e.g. the platform's own code systems, unknown to the validator) go to the test output.</summary>
    private List<string> Errors(string json) => Errors(JsonSerializer.Deserialize<Resource>(json, FhirExport.Json)!);

    private List<string> Errors(Resource resource)
    {
        var issues = R4.Value.Validate(resource).Issue;
        foreach (var warning in issues.Where(i => i.Severity == OperationOutcome.IssueSeverity.Warning).Select(Describe).Distinct())
            output.WriteLine($"warning: {warning}");
        return issues.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(Describe).ToList();
    }

    private static string Describe(OperationOutcome.IssueComponent issue) =>
        $"{issue.Details?.Text ?? issue.Diagnostics} at {string.Join(",", issue.Expression ?? [])}";

    private async Task AssertValid(TestClinic clinic, Guid id)
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
    public async Task Outcomes_an_mrn_and_a_sex()
    {
        var clinic = app.NewClinic();
        var id = (await clinic.Post("/api/patients", new
        {
            firstName = "Robin", lastName = "Examplecase", dateOfBirth = "1990-02-03", mrn = "MRN-7", sex = "male", program = "oud-aud", enrolledOn = "2026-03-01",
        }, expect: 201)).Json().GetProperty("id").GetGuid();
        foreach (var (substance, score) in new[] { ("opioids", 7), ("alcohol", 3) })
            await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = "2026-03-02", substance, score });
        await clinic.Post($"/api/patients/{id}/substance-use-checks",
            new { checkedOn = "2026-03-03", method = "urine-drug-screen", substance = "opioids", result = "negative" });
        await clinic.Post($"/api/patients/{id}/substance-use-checks",
            new { checkedOn = "2026-03-04", method = "self-report", substance = "alcohol", result = "positive" });
        var open = (await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-05", kind = "nausea", severity = "mild" }))
            .Json().GetProperty("eventId").GetGuid();
        await clinic.Post($"/api/patients/{id}/adverse-events/{open}/resolution", new { resolvedOn = "2026-03-06" });
        await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-07", kind = "injection-site-reaction", severity = "severe" });
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
        await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = "2026-03-02", substance = "opioids", score = 4 });
        await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-02", kind = "headache", severity = "moderate" });
        var consent = (await clinic.Post($"/api/patients/{id}/consents",
                new { recipient = "Receiving clinic", purpose = "care coordination", purposeOfUse = "care-coordination", scope = new[] { scope },
                    grantedOn = "2026-03-01", expiresOn = "2030-12-31" }))
            .Json().GetProperty("consentId").GetGuid();
        var bundle = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId = consent, format = "fhir" })).Json().GetProperty("fhirBundle");
        Assert.Empty(Errors(bundle.GetRawText()));
    }

    [Fact]
    public async Task The_capability_statement()
    {
        var clinic = app.NewClinic();
        Assert.Empty(Errors((await clinic.Get("/api/fhir/metadata")).ReadAsText()));
    }

    [Fact]
    public async Task Every_resource_of_a_bulk_export()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Injectable("2026-01-05"));
        await clinic.Injection(id, "2026-01-05");
        await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = "2026-01-06", substance = "alcohol", score = 2 });
        await clinic.Post($"/api/patients/{id}/consents", new
        {
            recipient = "Primary care", purpose = "care coordination", purposeOfUse = "treatment", scope = new[] { "medication" },
            grantedOn = "2026-01-05", expiresOn = "2027-01-05",
        });
        var manifest = await clinic.ExportManifest(await clinic.KickOffExport());
        var lines = new List<string>();
        foreach (var output in manifest.GetProperty("output").EnumerateArray()) lines.AddRange(await clinic.ExportFile(output.Str("url")));
        Assert.True(lines.Count >= 7, $"only {lines.Count} resources exported");
        Assert.All(lines, line => Assert.Empty(Errors(line)));
    }
}
