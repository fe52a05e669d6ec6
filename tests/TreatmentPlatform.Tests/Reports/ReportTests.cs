using System.Text.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reports;

[Collection(ApiCollection.Name)]
public sealed class ReportTests(AppFixture app)
{
    private static Dictionary<Guid, JsonElement> RowsByPatient(JsonElement report) =>
        report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("patientId").GetGuid());

    private static JsonElement Total(JsonElement report, string property, string value) =>
        report.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty(property).ToString() == value);

    private static double? Number(JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetDouble();

    [Fact]
    public async Task Adherence_for_March()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31")).Json();
        var rows = RowsByPatient(report);
        Assert.Equal(5, rows.Count);                                               // P4 is listed with a null PDC
        Assert.Equal((31, 31, 1.0), (rows[s.P1].GetProperty("treatmentDays").GetInt32(), rows[s.P1].GetProperty("coveredDays").GetInt32(), Number(rows[s.P1], "pdc")));
        // P2: 03-01..03-14 from the injection + 03-20..03-31 oral = 26 of 31
        Assert.Equal((31, 26, 0.8387), (rows[s.P2].GetProperty("treatmentDays").GetInt32(), rows[s.P2].GetProperty("coveredDays").GetInt32(), Number(rows[s.P2], "pdc")));
        Assert.Equal(["oral", "injectable"], rows[s.P2].GetProperty("forms").EnumerateArray().Select(f => f.GetString()));
        // P3: episode 1 03-01..03-05 (5/5) + episode 2 03-15..03-31 (10/17) = 15/22
        Assert.Equal((22, 15, 0.6818), (rows[s.P3].GetProperty("treatmentDays").GetInt32(), rows[s.P3].GetProperty("coveredDays").GetInt32(), Number(rows[s.P3], "pdc")));
        Assert.False(rows[s.P3].GetProperty("adherent").GetBoolean());
        Assert.Null(Number(rows[s.P4], "pdc"));
        Assert.Equal(0, rows[s.P4].GetProperty("treatmentDays").GetInt32());
        Assert.Equal(1.0, Number(rows[s.P5], "pdc"));

        var overall = Total(report, "group", "overall");
        Assert.Equal(4, overall.GetProperty("patientsWithTreatmentDays").GetInt32());
        Assert.Equal(0.75, Number(overall, "shareAdherent"));                   // P1, P2, P5 of 4
        Assert.Equal(0.8801, Number(overall, "meanPdc"));                       // (1 + 26/31 + 15/22 + 1) / 4
        var oral = Total(report, "group", "oral");
        Assert.Equal((3, 0.6667, 0.8402), (oral.GetProperty("patientsWithTreatmentDays").GetInt32(), Number(oral, "shareAdherent"), Number(oral, "meanPdc")));
        var injectable = Total(report, "group", "injectable");
        Assert.Equal((1, 1.0, 0.8387), (injectable.GetProperty("patientsWithTreatmentDays").GetInt32(), Number(injectable, "shareAdherent"), Number(injectable, "meanPdc")));
        Assert.Equal(1, Total(report, "group", "implant").GetProperty("patientsWithTreatmentDays").GetInt32());
        Assert.DoesNotContain(s.OtherPatient, rows.Keys);
    }

    [Fact]
    public async Task Retention_January_to_May()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/retention?from=2026-01-01&to=2026-05-31")).Json();
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);                                               // P3 has two episodes
        var p3first = rows.Single(r => r.GetProperty("patientId").GetGuid() == s.P3 && r.GetProperty("episode").GetInt32() == 1);
        // enrolled 01-10, discharged 03-05: retained at 30 (02-09), not at 90 (04-10), 180 not yet countable (07-09 > 05-31)
        Assert.True(p3first.GetProperty("retained30").GetBoolean());
        Assert.False(p3first.GetProperty("retained90").GetBoolean());
        Assert.Equal(JsonValueKind.Null, p3first.GetProperty("retained180").ValueKind);
        var p4 = rows.Single(r => r.GetProperty("patientId").GetGuid() == s.P4);
        Assert.Equal(JsonValueKind.Null, p4.GetProperty("retained90").ValueKind);   // 03-10 + 90 = 06-08 > 05-31

        var january = Total(report, "enrollmentMonth", "2026-01");
        Assert.Equal((1, 1.0, 0.0), (january.GetProperty("episodes").GetInt32(), Number(january, "shareRetained30"), Number(january, "shareRetained90")));
        var march = Total(report, "enrollmentMonth", "2026-03");
        Assert.Equal(3, march.GetProperty("episodes").GetInt32());                // P5, P4, P3 episode 2
        Assert.Equal(1.0, Number(march, "shareRetained90"));                        // only P5 (03-01 + 90 = 05-30) is countable
        Assert.Null(Number(march, "shareRetained180"));
    }

    [Fact]
    public async Task Medication_plus_counseling_for_March()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/medication-plus-counseling?from=2026-03-01&to=2026-03-31")).Json();
        var rows = RowsByPatient(report);
        Assert.Equal("combined", rows[s.P1].Str("status"));
        Assert.Equal("medication-only", rows[s.P2].Str("status"));
        Assert.Equal("counseling-only", rows[s.P3].Str("status"));               // 3 attended of floor(22/7) = 3
        Assert.Equal("neither", rows[s.P4].Str("status"));
        Assert.Equal("combined", rows[s.P5].Str("status"));                      // 3 of 4 = 0.75
        Assert.Equal(0.75, Number(rows[s.P5], "counselingAdherence"));
        Assert.Equal((2, 0.4), (Total(report, "status", "combined").GetProperty("patients").GetInt32(), Number(Total(report, "status", "combined"), "share")));
        Assert.Equal(0.2, Number(Total(report, "status", "neither"), "share"));
    }

    [Fact]
    public async Task Continuity_January_to_September()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/continuity?from=2026-01-01&to=2026-09-30")).Json();
        var rows = RowsByPatient(report);
        Assert.Equal(40, rows[s.P1].GetProperty("longestSpanDays").GetInt32());  // 02-20..03-31
        Assert.Equal(45, rows[s.P2].GetProperty("longestSpanDays").GetInt32());  // 02-15..03-31, the 5-day gap does not break it
        Assert.Equal(55, rows[s.P3].GetProperty("longestSpanDays").GetInt32());  // episode 1: 01-10..03-05
        Assert.Equal(0, rows[s.P4].GetProperty("longestSpanDays").GetInt32());
        Assert.Equal(180, rows[s.P5].GetProperty("longestSpanDays").GetInt32()); // implant 03-01..08-27
        Assert.True(rows[s.P5].GetProperty("meetsSpan").GetBoolean());
        Assert.False(rows[s.P1].GetProperty("meetsSpan").GetBoolean());
        Assert.Equal((3, 0), (Total(report, "form", "oral").GetProperty("patients").GetInt32(), Total(report, "form", "oral").GetProperty("meetingSpan").GetInt32()));
        Assert.Equal((1, 1), (Total(report, "form", "implant").GetProperty("patients").GetInt32(), Total(report, "form", "implant").GetProperty("meetingSpan").GetInt32()));
    }

    [Fact]
    public async Task Discharges_for_March()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/discharges?from=2026-03-01&to=2026-03-31")).Json();
        var row = Assert.Single(report.GetProperty("rows").EnumerateArray());
        Assert.Equal(s.P3, row.GetProperty("patientId").GetGuid());
        Assert.Equal(("2026-01-10", "2026-03-05", 54, 2, "2026-03-05"),
            (row.Str("admittedOn"), row.Str("dischargedOn"), row.GetProperty("lengthOfStayDays").GetInt32(), row.GetProperty("tedsCode").GetInt32(), row.Str("lastContactOn")));
        Assert.Equal(1, Total(report, "tedsCode", "2").GetProperty("episodes").GetInt32());
        Assert.Equal(7, report.GetProperty("totals").GetArrayLength());
        Assert.Equal(0, Total(report, "tedsCode", "6").GetProperty("episodes").GetInt32());
    }

    [Fact]
    public async Task Outcomes_by_status_for_March()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Clinic.Get("/api/reports/outcomes?from=2026-03-01&to=2026-03-31")).Json();
        var combined = report.GetProperty("rows").EnumerateArray().Single(r => r.Str("group") == "combined");
        // P1 (−5) and P5 (−2) opioid change; P5 alcohol −3; checks 2 negative of 3; 1 adverse event over 62 treatment days
        Assert.Equal((2, -3.5, -3.0, 0.6667, 1.6129), (combined.GetProperty("patients").GetInt32(), Number(combined, "meanCravingChangeOpioids"),
            Number(combined, "meanCravingChangeAlcohol"), Number(combined, "shareNegativeChecks"), Number(combined, "adverseEventsPer100TreatmentDays")));
        var neither = report.GetProperty("rows").EnumerateArray().Single(r => r.Str("group") == "neither");
        Assert.Equal((1, 0.0), (neither.GetProperty("patients").GetInt32(), Number(neither, "shareNegativeChecks")));
        Assert.Null(Number(neither, "adverseEventsPer100TreatmentDays"));        // no treatment days
        var overall = Assert.Single(report.GetProperty("totals").EnumerateArray());
        Assert.Equal((5, 0.5, 0.8696), (overall.GetProperty("patients").GetInt32(), Number(overall, "shareNegativeChecks"), Number(overall, "adverseEventsPer100TreatmentDays")));
    }

    [Fact]
    public async Task CSV_has_a_header_the_rows_and_the_totals()
    {
        var s = await ReportSeed.For(app);
        var csv = (await s.Clinic.Send(HttpMethod.Get, "/api/reports/adherence?from=2026-03-01&to=2026-03-31", expect: 200,
            configure: x => x.WithRequestHeader("Accept", "text/csv"))).ReadAsText();
        var lines = csv.Split("\r\n");
        Assert.Equal("PatientId,Forms,TreatmentDays,CoveredDays,Pdc,Adherent", lines[0]);
        Assert.Contains($"{s.P2},oral;injectable,31,26,0.8387,True", lines);
        Assert.Contains($"{s.P4},,0,0,,False", lines);
        var blank = Array.IndexOf(lines, "");
        Assert.Equal(6, blank);                                                     // header + 5 rows
        Assert.Equal("Group,PatientsWithTreatmentDays,ShareAdherent,MeanPdc", lines[blank + 1]);
        Assert.Contains("overall,4,0.75,0.8801", lines);
    }

    [Fact]
    public async Task The_data_version_is_the_clinics_event_count_and_rises_with_each_append()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await clinic.EnrolledPatient();
        static long Version(Alba.IScenarioResult r) => long.Parse(r.Context.Response.Headers["X-Data-Version"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, Version(await clinic.Get("/api/reports/retention?from=2026-01-01&to=2026-01-31")));   // two enrollments
        await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-06" });
        Assert.Equal(3, Version(await clinic.Get("/api/reports/retention?from=2026-01-01&to=2026-01-31")));
    }

    [Fact]
    public async Task Runs_are_accepted_computed_and_stored_with_their_parameters()
    {
        var s = await ReportSeed.For(app);
        var reporter = s.Clinic.Token("reporter");
        var accepted = await s.Clinic.Post("/api/reports/medication-plus-counseling/runs", new { from = "2026-03-01", to = "2026-03-31" }, reporter, expect: 202);
        var runId = accepted.Json().GetProperty("runId").GetGuid();
        JsonElement run;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            run = (await s.Clinic.Get($"/api/reports/runs/{runId}", reporter)).Json();
        } while (run.Str("status") is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.Equal(("done", "2026-03-01", "2026-03-31", "medication-plus-counseling"), (run.Str("status"), run.Str("from"), run.Str("to"), run.Str("kind")));
        Assert.True(run.GetProperty("dataVersion").GetInt64() > 0);
        var direct = (await s.Clinic.Get("/api/reports/medication-plus-counseling?from=2026-03-01&to=2026-03-31", reporter)).Json();
        Assert.Equal(direct.GetProperty("rows").ToString(), run.GetProperty("result").GetProperty("rows").ToString());
        await s.Other.Get($"/api/reports/runs/{runId}", expect: 404);
    }

    [Fact]
    public async Task An_empty_clinic_gets_empty_reports()
    {
        var empty = app.NewClinic();
        foreach (var kind in new[] { "adherence", "retention", "medication-plus-counseling", "continuity", "discharges", "outcomes" })
        {
            var report = (await empty.Get($"/api/reports/{kind}?from=2026-03-01&to=2026-03-31")).Json();
            Assert.Equal(kind == "outcomes" ? 4 : 0, report.GetProperty("rows").GetArrayLength());
        }
        var overall = Total((await empty.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31")).Json(), "group", "overall");
        Assert.Equal(0, overall.GetProperty("patientsWithTreatmentDays").GetInt32());
        Assert.Null(Number(overall, "meanPdc"));
    }

    [Fact]
    public async Task Another_clinics_report_never_includes_this_clinics_patients()
    {
        var s = await ReportSeed.For(app);
        var report = (await s.Other.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31")).Json();
        Assert.Equal([s.OtherPatient], RowsByPatient(report).Keys);
    }

    [Theory]
    [InlineData("/api/reports/wellness?from=2026-03-01&to=2026-03-31", 404)]
    [InlineData("/api/reports/adherence?from=2026-03-31&to=2026-03-01", 400)]
    [InlineData("/api/reports/adherence?from=2026-03-01", 400)]
    [InlineData("/api/reports/adherence?from=March&to=2026-03-31", 400)]
    public async Task Bad_report_requests(string url, int status)
    {
        var clinic = app.NewClinic();
        await clinic.Get(url, expect: status);
    }

    [Fact]
    public async Task Counselors_cannot_read_reports()
    {
        var clinic = app.NewClinic();
        await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31", clinic.Token("counselor"), expect: 403);
        await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31", clinic.Token("reporter"), expect: 200);
    }
}
