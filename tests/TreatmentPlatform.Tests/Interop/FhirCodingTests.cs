using System.Text.Json;
using Hl7.Fhir.Model;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Tests.Support;
using R4 = Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace TreatmentPlatform.Tests.Interop;

/// <summary>What a receiver matches on: US Core identity, product and route codes, and 42 CFR Part 2 in the data (docs/fhir-codes.md).</summary>
[Collection(ApiCollection.Name)]
public sealed class FhirCodingTests(AppFixture app)
{
    private static async Task<Bundle> BundleOf(TestClinic clinic, Guid id) =>
        JsonSerializer.Deserialize<Bundle>((await clinic.Get($"/api/patients/{id}/fhir")).ReadAsText(), FhirExport.Json)!;

    private static IEnumerable<T> All<T>(Bundle bundle) => bundle.Entry.Select(e => e.Resource).OfType<T>();

    private static async Task<Guid> Enrolled(TestClinic clinic, string? mrn, string? sex)
    {
        var body = new Dictionary<string, object?>
        {
            ["firstName"] = "Robin", ["lastName"] = "Examplecase", ["dateOfBirth"] = "1990-02-03", ["program"] = "oud",
            ["enrolledOn"] = "2026-03-01", ["mrn"] = mrn, ["sex"] = sex,
        }.Where(x => x.Value is not null).ToDictionary();
        return (await clinic.Post("/api/patients", body, expect: 201)).Json().GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_patient_carries_the_mrn_under_the_clinics_system_and_the_sex_given()
    {
        var clinic = app.NewClinic();
        var id = await Enrolled(clinic, "MRN-0042", "female");
        Assert.Equal("female", (await clinic.Get($"/api/patients/{id}")).Json().Str("sex"));

        var patient = All<R4.Patient>(await BundleOf(clinic, id)).Single();
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        var mrn = Assert.Single(patient.Identifier);
        Assert.Equal("MRN-0042", mrn.Value);
        Assert.Equal($"urn:treatmentplatform:clinic:{clinic.Id}:mrn", mrn.System);    // the default: a URN from the clinic's id
        Assert.Equal("MR", mrn.Type!.Coding.Single().Code);

        await clinic.Put("/api/clinic/settings", new { mrnSystem = "urn:oid:2.16.840.1.113883.3.9999.1" });
        await clinic.Put($"/api/patients/{id}/demographics", new { sex = "other" });
        patient = All<R4.Patient>(await BundleOf(clinic, id)).Single();
        Assert.Equal("urn:oid:2.16.840.1.113883.3.9999.1", patient.Identifier.Single().System);
        Assert.Equal(AdministrativeGender.Other, patient.Gender);

        await clinic.Post($"/api/patients/{id}/demographics/erasure", new { basis = "patient's written request" });
        patient = All<R4.Patient>(await BundleOf(clinic, id)).Single();
        Assert.Equal(AdministrativeGender.Unknown, patient.Gender);                       // erased with the other demographics
        Assert.DoesNotContain(patient.Identifier, i => i.Value == "MRN-0042");
        Assert.Empty(patient.Name);
    }

    [Fact]
    public async Task Sex_is_unknown_when_not_given_and_refused_outside_its_values()
    {
        var clinic = app.NewClinic();
        var id = await Enrolled(clinic, mrn: null, sex: null);
        Assert.Equal("unknown", (await clinic.Get($"/api/patients/{id}")).Json().Str("sex"));
        Assert.Equal(AdministrativeGender.Unknown, All<R4.Patient>(await BundleOf(clinic, id)).Single().Gender);
        await clinic.Post("/api/patients", new { firstName = "A", lastName = "B", dateOfBirth = "1990-01-01", program = "oud", enrolledOn = "2026-03-01", sex = "f" },
            expect: 400);
        await clinic.Put("/api/clinic/settings", new { mrnSystem = "clinic mrns" }, expect: 400);
    }

    [Fact]
    public async Task Each_product_has_its_rxnorm_or_platform_code_and_its_route()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Oral("2026-01-05"));
        await clinic.Dose(id, "2026-01-05");
        await clinic.Verified(id, "2026-01-06");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-01-06"));
        await clinic.Injection(id, "2026-01-06");
        await clinic.Verified(id, "2026-02-10");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Implant("2026-02-10"));
        await clinic.Post($"/api/patients/{id}/implants", new { insertedOn = "2026-02-10", product = "NTX-implant" });
        var bundle = await BundleOf(clinic, id);

        static string Codes(DataType? medication) => string.Join(",", ((CodeableConcept)medication!).Coding.Select(c => c.Code));
        var oral = All<MedicationStatement>(bundle).Single();
        Assert.Equal("1483744,7243", Codes(oral.Medication));
        Assert.Equal("26643006", oral.Dosage[0].Route!.Coding[0].Code);
        var administered = All<MedicationAdministration>(bundle).ToList();
        var injection = administered.Single(a => Codes(a.Medication).StartsWith("637213", StringComparison.Ordinal));
        Assert.Equal("637213,7243", Codes(injection.Medication));
        Assert.Equal("78421000", injection.Dosage!.Route!.Coding[0].Code);
        var implant = administered.Single(a => a != injection);
        Assert.Equal(FhirCodes.PlatformProducts, ((CodeableConcept)implant.Medication!).Coding[0].System);
        Assert.Equal("34206005", implant.Dosage!.Route!.Coding[0].Code);
        Assert.Equal(["1483744,7243", "637213,7243", "naltrexone-implant,7243"],
            All<MedicationRequest>(bundle).Select(r => Codes(r.Medication)).ToArray());
    }

    [Fact]
    public async Task A_consent_names_part_2_its_purpose_scope_recipient_clinic_and_expiry_and_a_disclosure_is_labelled()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = "2026-03-02", substance = "opioids", score = 6 });
        var consentId = (await clinic.Post($"/api/patients/{id}/consents", new
        {
            recipient = "County treatment court", purpose = "compliance with treatment", purposeOfUse = "legal",
            scope = new[] { "medication", "outcomes" }, grantedOn = "2026-03-01", expiresOn = "2027-02-28",
        })).Json().GetProperty("consentId").GetGuid();

        var disclosed = (await clinic.Post($"/api/patients/{id}/disclosures", new { consentId, format = "fhir" })).Json();
        var bundle = JsonSerializer.Deserialize<Bundle>(disclosed.GetProperty("fhirBundle").GetRawText(), FhirExport.Json)!;
        Assert.Equal(["R", "42CFRPart2", "NORDSCLCD"], bundle.Meta!.Security.Select(c => c.Code!).ToArray());
        Assert.All(bundle.Entry, e => Assert.Contains(e.Resource!.Meta!.Security, c => c.Code == "NORDSCLCD"));

        var consent = All<R4.Consent>(bundle).Single();
        Assert.Equal("42CFRPart2", consent.PolicyRule!.Coding.Single().Code);
        Assert.Equal(FhirCodes.Part2Regulation, consent.Policy.Single().Uri);
        Assert.Equal("HLEGAL", consent.Provision!.Purpose.Single().Code);
        Assert.Equal("County treatment court", consent.Provision.Actor.Single().Reference!.Display);
        Assert.Equal("2027-02-28", consent.Provision.Period!.End);
        Assert.Equal([["EpisodeOfCare", "MedicationRequest", "MedicationStatement", "MedicationAdministration"], ["EpisodeOfCare", "Observation", "AdverseEvent"]],
            consent.Provision.Provision.Select(p => p.Class.Select(c => c.Code!).ToArray()).ToArray());
        var organization = All<Organization>(bundle).Single();
        Assert.Equal($"urn:uuid:{organization.Id}", consent.Performer.Single().Reference);
        Assert.Contains("42 CFR part 2", consent.Text!.Div, StringComparison.Ordinal);       // the redisclosure notice travels in the bundle
        Assert.Equal(6, ((Integer)All<Observation>(bundle).Single().Value!).Value);           // outcomes are in scope
        Assert.Empty(All<Encounter>(bundle));

        // Inside the clinic: Part 2 labels, but no disclosure's refrain.
        var own = await BundleOf(clinic, id);
        Assert.Equal(["R", "42CFRPart2"], own.Meta!.Security.Select(c => c.Code!).ToArray());
    }
}
