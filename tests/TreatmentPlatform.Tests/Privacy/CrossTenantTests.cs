using TreatmentPlatform.Tests.Support;
using static TreatmentPlatform.Tests.Privacy.RouteRules;

namespace TreatmentPlatform.Tests.Privacy;

/// <summary>A token of clinic B on each of clinic A's ids: nothing of A is reachable, and nothing is written.</summary>
[Collection(ApiCollection.Name)]
public sealed class CrossTenantTests(AppFixture app)
{
    [Fact]
    public async Task Every_patient_route_with_another_clinics_token_is_404_and_writes_nothing()
    {
        var a = app.NewClinic();
        var b = app.NewClinic();
        var id = await a.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var before = (await a.Get($"/api/patients/{id}")).Json().Long("version");

        foreach (var rule in All.Where(r => r.PatientScoped))
        {
            var url = rule.Route.Replace("{id}", id.ToString(), StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, @"\{\w+\}", _ => Guid.NewGuid().ToString());
            var result = await b.Send(new HttpMethod(rule.Method), url, rule.Body, expect: null);
            Assert.True(result.Context.Response.StatusCode == 404, $"{rule.Key} from clinic B: {result.Context.Response.StatusCode}");
        }
        Assert.Equal(before, (await a.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Lists_reports_runs_and_audit_of_another_clinic_stay_hidden()
    {
        var a = app.NewClinic();
        var b = app.NewClinic();
        var id = await a.EnrolledPatient("2026-03-01");
        var run = (await a.Post("/api/reports/adherence/runs", new { from = "2026-03-01", to = "2026-03-31" }, expect: 202)).Json().GetProperty("runId").GetGuid();
        var rebuild = (await a.Send(HttpMethod.Post, "/api/admin/read-models/rebuild", "{}", expect: 202)).Json().GetProperty("runId").GetGuid();

        Assert.Equal(0, (await b.Get("/api/patients")).Json().Long("total"));
        Assert.Equal(0, (await b.Get($"/api/audit?patientId={id}")).Json().Long("total"));
        Assert.DoesNotContain(id.ToString(), (await b.Get("/api/worklist?asOf=2026-04-01")).ReadAsText(), StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString(), (await b.Get("/api/reports/retention?from=2026-03-01&to=2026-03-31")).ReadAsText(), StringComparison.Ordinal);
        await b.Get($"/api/reports/runs/{run}", expect: 404);
        await b.Get($"/api/admin/read-models/rebuild/{rebuild}", expect: 404);
    }
}
