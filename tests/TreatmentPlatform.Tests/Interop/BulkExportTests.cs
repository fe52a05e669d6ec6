using System.Text.Json;
using TreatmentPlatform.Platform.Auth;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Hl7.Fhir.Model;
using TreatmentPlatform.Interop;
using TreatmentPlatform.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace TreatmentPlatform.Tests.Interop;

/// <summary>FHIR Bulk Data export of a clinic: kick-off, polling, the manifest and NDJSON files, parameters, scope and the access log.</summary>
[Collection(ApiCollection.Name)]
public sealed class BulkExportTests(AppFixture app)
{
    private static async Task<Dictionary<string, List<Resource>>> Files(TestClinic clinic, JsonElement manifest)
    {
        var files = new Dictionary<string, List<Resource>>();
        foreach (var output in manifest.GetProperty("output").EnumerateArray())
        {
            var lines = await clinic.ExportFile(output.Str("url"));
            var resources = lines.Select(l => JsonSerializer.Deserialize<Resource>(l, FhirExport.Json)!).ToList();   // strict FHIR parse
            Assert.All(resources, r => Assert.Equal(output.Str("type"), r.TypeName));
            Assert.Equal(output.GetProperty("count").GetInt32(), resources.Count);
            files[output.Str("type")] = resources;
        }
        return files;
    }

    [Fact]
    public async Task A_clinic_exports_every_patient_once_in_ndjson_per_type_and_nothing_of_another_clinic()
    {
        var clinic = app.NewClinic();
        var patients = new List<Guid>();
        for (var i = 0; i < 7; i++)                         // three chunks of three in the test host
        {
            var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
            await clinic.Dose(id, "2026-03-01");
            patients.Add(id);
        }
        await clinic.Post($"/api/patients/{patients[0]}/counseling-sessions",
            new { counselorId = Guid.NewGuid(), heldOn = "2026-03-02", minutes = 50, modality = "group", outcome = "attended" });
        var other = app.NewClinic();
        var outsider = await other.EnrolledPatient("2026-03-01");

        var status = await clinic.KickOffExport();
        var manifest = await clinic.ExportManifest(status);
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());
        Assert.EndsWith("/api/fhir/$export", manifest.Str("request"), StringComparison.Ordinal);
        var files = await Files(clinic, manifest);

        Assert.Equal(patients.Order(), files["Patient"].Select(p => Guid.Parse(p.Id!)).Order());
        Assert.DoesNotContain(files.Values.SelectMany(r => r), r => r.Id == outsider.ToString());
        Assert.Single(files["Organization"]);
        Assert.Equal(7, files["MedicationStatement"].Count);
        Assert.Equal(7, files["MedicationRequest"].Count);
        Assert.Equal($"Patient/{patients[0]}", ((Encounter)Assert.Single(files["Encounter"])).Subject!.Reference);   // NDJSON references are relative
        Assert.False(files.ContainsKey("Consent"));           // no consents recorded: no empty file

        // Every exported patient is in the access log, under the admin who asked.
        var audit = (await clinic.Get($"/api/audit?patientId={patients[6]}")).Json().GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(audit, e => e.Str("route") == "/api/fhir/$export" && e.GetProperty("userId").GetGuid() == clinic.AdminId);
    }

    [Fact]
    public async Task Type_and_since_limit_the_export()
    {
        var clinic = app.NewClinic();
        var before = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await Task.Delay(50);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var after = await clinic.EnrolledPatient("2026-03-02");

        var files = await Files(clinic, await clinic.ExportManifest(await clinic.KickOffExport("?_type=Patient,EpisodeOfCare")));
        Assert.Equal(["EpisodeOfCare", "Patient"], files.Keys.Order().ToArray());
        Assert.Equal(2, files["Patient"].Count);

        var changed = await Files(clinic, await clinic.ExportManifest(await clinic.KickOffExport($"?_type=Patient&_since={Uri.EscapeDataString(since.ToString("O"))}")));
        Assert.Equal(after.ToString(), Assert.Single(changed["Patient"]).Id);
        Assert.DoesNotContain(changed["Patient"], p => p.Id == before.ToString());
    }

    [Fact]
    public async Task Bad_parameters_are_400_and_an_export_is_only_its_requesters()
    {
        var clinic = app.NewClinic();
        await clinic.EnrolledPatient("2026-03-01");
        foreach (var query in new[] { "?_type=Medication", "?_since=yesterday", "?_outputFormat=text/csv", "?_typeFilter=Patient%3Fgender%3Dmale" })
            await clinic.Get("/api/fhir/$export" + query, expect: 400);
        await clinic.Get("/api/fhir/$export", clinic.Token("counselor"), expect: 403);

        var status = await clinic.KickOffExport();
        await clinic.ExportManifest(status);
        await clinic.Get(status, clinic.Token(Roles.Admin, Guid.NewGuid()), expect: 404);       // another admin of the clinic
        var elsewhere = app.NewClinic();
        await elsewhere.Get(status, elsewhere.Token(Roles.Admin, clinic.AdminId), expect: 404);   // the same user id in another clinic

        await clinic.Send(HttpMethod.Delete, status, expect: 202);
        await clinic.Get(status, expect: 404);
    }

    [Fact]
    public async Task The_capability_statement_names_the_exported_types_and_the_bulk_export()
    {
        var clinic = app.NewClinic();
        var json = (await clinic.Get("/api/fhir/metadata")).ReadAsText();
        var statement = JsonSerializer.Deserialize<CapabilityStatement>(json, FhirExport.Json)!;
        var rest = Assert.Single(statement.Rest);
        Assert.Equal(["Organization", "Patient", "EpisodeOfCare", "MedicationRequest", "MedicationStatement", "MedicationAdministration",
            "Encounter", "Observation", "AdverseEvent", "Consent"], rest.Resource.Select(r => r.Type!).ToArray());
        Assert.Equal("export", Assert.Single(rest.Operation).Name);
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
    }

    [Fact]
    public async Task A_small_clinics_export_is_not_held_behind_a_large_one()
    {
        var large = app.NewClinic();
        for (var i = 0; i < 36; i++) await large.EnrolledPatient("2026-03-01");           // twelve chunks in the test host
        var small = app.NewClinic();
        await small.EnrolledPatient("2026-03-01");                                         // one chunk

        var largeStatus = await large.KickOffExport();
        var smallStatus = await small.KickOffExport();
        await small.ExportManifest(smallStatus);
        await large.ExportManifest(largeStatus);

        // The small clinic's one chunk queued behind at most one chunk of the large clinic's, not all twelve.
        var store = app.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        static async Task<TreatmentPlatform.Interop.BulkExport.BulkExport> Export(Marten.IDocumentStore store, TestClinic clinic)
        {
            await using var session = store.QuerySession(clinic.Id);
            return (await Marten.QueryableExtensions.ToListAsync(session.Query<TreatmentPlatform.Interop.BulkExport.BulkExport>())).Single();
        }
        var smallDone = (await Export(store, small)).CompletedAt!.Value;
        var largeDone = (await Export(store, large)).CompletedAt!.Value;
        Assert.True(smallDone < largeDone, $"the small export finished at {smallDone:O}, after the large one at {largeDone:O}");
    }
}

