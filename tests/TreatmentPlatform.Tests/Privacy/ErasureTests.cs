using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

[Collection(ApiCollection.Name)]
public sealed class ErasureTests(AppFixture app)
{
    [Fact]
    public async Task Erasing_demographics_keeps_events_and_reports_but_no_identifiers()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-10");
        var reportBefore = (await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31&minVersion=1")).Json().GetProperty("rows").ToString();

        await clinic.Post($"/api/patients/{id}/demographics/erasure", new { basis = "patient's written request under state law" });

        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("firstName").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("dateOfBirth").ValueKind);
        Assert.Equal("active", read.Str("status"));
        var history = (await clinic.Get($"/api/patients/{id}/history")).ReadAsText();
        Assert.Contains("OralDoseTaken", history, StringComparison.Ordinal);
        Assert.Contains("DemographicsErased", history, StringComparison.Ordinal);
        Assert.DoesNotContain("Avery", history, StringComparison.Ordinal);
        Assert.Equal(reportBefore, (await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31&minVersion=1")).Json().GetProperty("rows").ToString());
        Assert.Equal("demographics-erased", (await clinic.Put($"/api/patients/{id}/demographics", new { firstName = "Again" }, expect: 409)).Json().Str("title"));
    }
}
