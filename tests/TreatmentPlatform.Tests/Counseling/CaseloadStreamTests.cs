using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

/// <summary>The caseload's names and the caseload stream: scope, audit and timing.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaseloadStreamTests(AppFixture app)
{
    [Fact]
    public async Task Caseload_and_worklist_name_the_patient_with_program_days_and_next_due_date_and_erased_ones_have_no_name()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var named = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselor);
        await clinic.DailyDoses(named, "2026-03-01", "2026-03-20");
        var erased = (await clinic.Post("/api/patients", Scenarios.Enrollment("2026-03-10", "aud", counselor.ToString(), firstName: "Eve", lastName: "Gone"), expect: 201))
            .Json().GetProperty("id").GetGuid();
        var last = (await clinic.Post($"/api/patients/{erased}/demographics/erasure", new { basis = "patient's written request" })).Json();
        var token = clinic.Token(Roles.Counselor, counselor);

        var caseload = (await clinic.Get($"/api/counselors/{counselor}/caseload?asOf=2026-03-30&minVersion={last.Long("version")}&patientId={erased}", token)).Json()
            .GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("patientId").GetGuid());
        var a = caseload[named];
        Assert.Equal(("Avery", "Testpatient", "oud"), (a.Str("firstName"), a.Str("lastName"), a.Str("program")));
        Assert.Equal(30, a.GetProperty("daysInTreatment").GetInt32());                   // 03-01..03-30
        Assert.Equal("2026-03-20", a.Str("coverageEndsOn"));
        Assert.Equal("2026-03-21", a.Str("nextDueOn"));
        Assert.Equal(0.6667, a.GetProperty("pdc30").GetDouble());                        // 20 of 30
        Assert.Equal("neither", a.Str("combinedStatus"));
        var e = caseload[erased];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("firstName").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("lastName").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("nextDueOn").ValueKind);   // no supply yet
        Assert.Equal(("aud", 21), (e.Str("program"), e.GetProperty("daysInTreatment").GetInt32()));

        var worklist = (await clinic.Get("/api/worklist?asOf=2026-03-30&minVersion=1", token)).Json().GetProperty("items").EnumerateArray().ToList();
        var gap = Assert.Single(worklist, i => i.Str("kind") == "medication-gap");
        Assert.Equal((named, "Avery", "Testpatient", "2026-03-21", 10), (gap.GetProperty("patientId").GetGuid(), gap.Str("firstName"), gap.Str("lastName"),
            gap.Str("nextDueOn"), gap.GetProperty("gapDays").GetInt32()));
        Assert.Equal(0.6667, gap.GetProperty("pdc30").GetDouble());
        Assert.All(worklist.Where(i => i.GetProperty("patientId").GetGuid() == erased),
            i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("firstName").ValueKind));
    }

    [Fact]
    public async Task The_stream_is_for_admins_and_that_counselor_only()
    {
        var clinic = app.NewClinic();
        var me = Guid.NewGuid();
        await clinic.Get($"/api/counselors/{Guid.NewGuid()}/stream", clinic.Token(Roles.Counselor, me), expect: 403);
        await clinic.Get($"/api/counselors/{me}/stream", clinic.Token(Roles.Reporter), expect: 403);
        await clinic.Get($"/api/counselors/{Guid.Empty}/stream", expect: 400);
        using var anonymous = app.Host.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/counselors/{me}/stream", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_write_reaches_that_counselors_stream_within_two_seconds_and_no_other_counselors_and_the_stream_is_audited()
    {
        var clinic = app.NewClinic();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var mine = await clinic.EnrolledPatient("2026-03-01", counselorId: first);
        var theirs = await clinic.EnrolledPatient("2026-03-01", counselorId: second);
        await clinic.Get($"/api/worklist?minVersion=1&patientId={theirs}");

        await using var firstStream = await EventStream.OpenAsync(app.Host.Server.CreateClient(), first, clinic.Token(Roles.Counselor, first));
        await using var secondStream = await EventStream.OpenAsync(app.Host.Server.CreateClient(), second, clinic.Token(Roles.Counselor, second));
        Assert.Equal("ready", await firstStream.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("ready", await secondStream.NextAsync(TimeSpan.FromSeconds(10)));

        var clock = Stopwatch.StartNew();
        await clinic.Post($"/api/patients/{mine}/craving-assessments", new { assessedOn = "2026-03-05", substance = "opioids", score = 6 });
        Assert.Equal("caseload-changed", await firstStream.NextAsync(TimeSpan.FromSeconds(10)));
        var elapsed = clock.Elapsed;
        Console.WriteLine($"caseload stream: event {elapsed.TotalMilliseconds:F0} ms after the write");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"The event came {elapsed.TotalMilliseconds:F0} ms after the write.");
        // The other caseload did not change: its stream stays quiet (a heartbeat comes only after 20 s).
        Assert.Null(await secondStream.NextAsync(TimeSpan.FromSeconds(1.5)));

        // A reassignment changes both caseloads.
        await clinic.Put($"/api/patients/{mine}/counselor", new { counselorId = second });
        Assert.Equal("caseload-changed", await firstStream.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("caseload-changed", await secondStream.NextAsync(TimeSpan.FromSeconds(10)));

        var seen = (await clinic.Get($"/api/audit?patientId={theirs}&pageSize=50")).Json().GetProperty("items").EnumerateArray()
            .Where(i => i.Str("route") == "/api/counselors/{id}/stream").ToList();
        Assert.Equal(second, Assert.Single(seen).GetProperty("userId").GetGuid());
    }

    /// <summary>A caseload stream read line by line from the test server; <see cref="NextAsync"/> gives the next event's type, or null if none came in time.</summary>
}
