using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Outcomes;

[Collection(ApiCollection.Name)]
public sealed class OutcomeTests(AppFixture app)
{
    [Fact]
    public async Task Cravings_fall_from_8_to_3_while_adherent()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.DailyDoses(id, "2026-03-01", "2026-03-30");
        foreach (var (on, score) in new[] { ("2026-03-01", 8), ("2026-03-15", 5), ("2026-03-30", 3) })
            await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = on, substance = "opioids", score });
        await clinic.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = "2026-03-02", substance = "alcohol", score = 4 });

        var outcomes = (await clinic.Get($"/api/patients/{id}/outcomes?from=2026-03-01&to=2026-03-30")).Json();
        var cravings = outcomes.GetProperty("cravings").EnumerateArray().ToList();
        Assert.Equal(("opioids", 8, 3, -5), (cravings[0].Str("substance"), cravings[0].GetProperty("first").GetInt32(),
            cravings[0].GetProperty("last").GetInt32(), cravings[0].GetProperty("change").GetInt32()));
        Assert.Equal("alcohol", cravings[1].Str("substance"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cravings[1].GetProperty("change").ValueKind);   // one assessment: no change
        Assert.Equal(1.0, (await clinic.Adherence(id, "2026-03-01", "2026-03-30")).Pdc());
    }

    [Fact]
    public async Task A_positive_screen_breaks_an_abstinence_run()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        foreach (var (on, result) in new[] { ("2026-03-01", "negative"), ("2026-03-05", "negative"), ("2026-03-10", "negative"),
                     ("2026-03-12", "positive"), ("2026-03-15", "negative"), ("2026-03-30", "negative") })
            await clinic.Post($"/api/patients/{id}/substance-use-checks", new { checkedOn = on, method = "urine-drug-screen", substance = "opioids", result });

        var checks = (await clinic.Get($"/api/patients/{id}/outcomes?from=2026-03-01&to=2026-03-31")).Json().GetProperty("checks");
        // runs: 03-01..03-10 = 10 days, 03-15..03-30 = 16 days; 5 of 6 negative
        Assert.Equal(6, checks.GetProperty("total").GetInt32());
        Assert.Equal(5, checks.GetProperty("negative").GetInt32());
        Assert.Equal(0.8333, checks.GetProperty("shareNegative").GetDouble());
        Assert.Equal(16, checks.GetProperty("longestAbstinenceDays").GetInt32());
        var early = (await clinic.Get($"/api/patients/{id}/outcomes?from=2026-03-01&to=2026-03-13")).Json().GetProperty("checks");
        Assert.Equal(10, early.GetProperty("longestAbstinenceDays").GetInt32());
    }

    [Fact]
    public async Task A_severe_nausea_alert_appears_at_onset_and_clears_on_resolution()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var reported = (await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-10", kind = "nausea", severity = "severe" })).Json();
        await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-10", kind = "headache", severity = "mild" });

        async Task<int> AlertsOn(string asOf, long version) => (await clinic.Get($"/api/worklist?asOf={asOf}&minVersion={version}&patientId={id}")).Json()
            .GetProperty("items").EnumerateArray().Count(i => i.Str("kind") == "adverse-event" && i.GetProperty("patientId").GetGuid() == id);

        Assert.Equal(0, await AlertsOn("2026-03-09", reported.Long("version")));
        Assert.Equal(1, await AlertsOn("2026-03-10", reported.Long("version")));   // the mild headache raises none
        var resolved = (await clinic.Post($"/api/patients/{id}/adverse-events/{reported.GetProperty("eventId").GetGuid()}/resolution", new { resolvedOn = "2026-03-15" })).Json();
        Assert.Equal(1, await AlertsOn("2026-03-14", resolved.Long("version")));
        Assert.Equal(0, await AlertsOn("2026-03-15", resolved.Long("version")));

        var events = (await clinic.Get($"/api/patients/{id}/outcomes?from=2026-03-01&to=2026-03-31")).Json().GetProperty("adverseEvents");
        Assert.Equal(2, events.GetArrayLength());
        Assert.Equal("2026-03-15", events.EnumerateArray().Single(e => e.Str("kind") == "nausea").Str("resolvedOn"));
    }

    [Fact]
    public async Task Unresolved_hepatotoxicity_blocks_a_switch_to_injection()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        var liver = (await clinic.Post($"/api/patients/{id}/adverse-events", new { onsetOn = "2026-03-10", kind = "hepatotoxicity", severity = "mild" })).Json();
        await clinic.Verified(id, "2026-03-12");

        Assert.Equal("contraindicated", (await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-03-12"), expect: 409)).Json().Str("title"));
        await clinic.Post($"/api/patients/{id}/adverse-events/{liver.GetProperty("eventId").GetGuid()}/resolution", new { resolvedOn = "2026-03-11" });
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-03-12"), expect: 200);
    }

    [Theory]
    [InlineData("craving-assessments", """{"assessedOn":"2026-03-05","substance":"opioids","score":11}""", "score")]
    [InlineData("craving-assessments", """{"assessedOn":"2026-03-05","substance":"cannabis","score":3}""", "substance")]
    [InlineData("craving-assessments", """{"assessedOn":"2026-02-05","substance":"alcohol","score":3}""", "assessedOn")]
    [InlineData("substance-use-checks", """{"checkedOn":"2099-03-05","method":"breathalyzer","substance":"alcohol","result":"negative"}""", "checkedOn")]
    [InlineData("substance-use-checks", """{"checkedOn":"2026-03-05","method":"hair","substance":"alcohol","result":"negative"}""", "method")]
    [InlineData("adverse-events", """{"onsetOn":"2026-03-05","kind":"rash","severity":"mild"}""", "kind")]
    [InlineData("adverse-events", """{"onsetOn":"2026-03-05","kind":"nausea","severity":"extreme"}""", "severity")]
    public async Task Bad_outcome_records_are_400(string route, string body, string field)
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        var problem = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/{route}", body, expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_outcome_entered_in_error_stops_counting()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-03-01");
        var check = (await clinic.Post($"/api/patients/{id}/substance-use-checks", new { checkedOn = "2026-03-02", method = "self-report", substance = "alcohol", result = "positive" })).Json();
        await clinic.Post($"/api/patients/{id}/outcomes/{check.GetProperty("checkId").GetGuid()}/entered-in-error", new { reason = "other patient's sample" });
        Assert.Equal(0, (await clinic.Get($"/api/patients/{id}/outcomes?from=2026-03-01&to=2026-03-31")).Json().GetProperty("checks").GetProperty("total").GetInt32());
        Assert.Contains("OutcomeEnteredInError", (await clinic.Get($"/api/patients/{id}/history")).ReadAsText(), StringComparison.Ordinal);
    }
}
