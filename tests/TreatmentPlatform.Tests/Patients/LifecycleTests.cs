using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class LifecycleTests(AppFixture app)
{
    [Fact]
    public async Task Discharge_then_readmission_starts_episode_2_in_enrolled()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");

        var discharged = (await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-03-06", reason = "dropped-out" })).Json();
        Assert.Equal(2, discharged.Long("version"));
        Assert.Equal(2, discharged.GetProperty("tedsCode").GetInt32());
        Assert.Equal(60, discharged.GetProperty("lengthOfStayDays").GetInt32()); // Jan 5 → Mar 6 = 26 + 28 + 6

        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("discharged", read.Str("status"));
        Assert.Equal("2026-03-06", read.Str("dischargedOn"));
        Assert.Equal("dropped-out", read.Str("dischargeReason"));

        var readmitted = (await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-04-01" })).Json();
        Assert.Equal(2, readmitted.GetProperty("episode").GetInt32());
        Assert.Equal(3, readmitted.Long("version"));

        read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("enrolled", read.Str("status"));
        Assert.Equal(2, read.GetProperty("episode").GetInt32());
        Assert.Equal("2026-04-01", read.Str("enrolledOn"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("dischargedOn").ValueKind);
    }

    [Fact]
    public async Task Every_TEDS_reason_maps_to_its_code()
    {
        var clinic = app.NewClinic();
        string[] reasons = ["completed", "dropped-out", "terminated", "transferred", "incarcerated", "death", "other"];
        for (var code = 1; code <= 7; code++)
        {
            var id = await clinic.EnrolledPatient("2026-01-05");
            var body = (await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-01-05", reason = reasons[code - 1] })).Json();
            Assert.Equal(code, body.GetProperty("tedsCode").GetInt32());
            Assert.Equal(0, body.GetProperty("lengthOfStayDays").GetInt32());
        }
    }

    [Fact]
    public async Task Commands_on_a_discharged_episode_are_409_naming_the_reason()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-02-01", reason = "completed" });

        var problem = (await clinic.Post($"/api/patients/{id}/opioid-free-verifications",
            new { verifiedOn = "2026-02-10", method = "urine-drug-screen", result = "negative" }, expect: 409)).Json();
        Assert.Equal("patient-discharged", problem.Str("title"));
        Assert.Contains("2026-02-01", problem.Str("detail"), StringComparison.Ordinal);

        await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-02-10" }, expect: 409);
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = Guid.NewGuid() }, expect: 409);
        Assert.Equal("already-discharged",
            (await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-02-02", reason = "other" }, expect: 409)).Json().Str("title"));
    }

    [Fact]
    public async Task Discharge_before_enrollment_or_in_the_future_is_400()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        var early = (await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-01-04", reason = "completed" }, expect: 400)).Json();
        Assert.True(early.GetProperty("errors").TryGetProperty("dischargedOn", out _));
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2099-01-01", reason = "completed" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-01-06", reason = "graduated" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/discharge", new { reason = "completed" }, expect: 400);
        Assert.Equal(1, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Readmitting_an_open_episode_is_409_and_before_discharge_is_400()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        Assert.Equal("not-discharged", (await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-02-01" }, expect: 409)).Json().Str("title"));

        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-02-01", reason = "completed" });
        await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-02-01" }, expect: 400);
        await clinic.Post($"/api/patients/{id}/readmission", new { enrolledOn = "2026-02-02" }, expect: 200);
    }

    [Fact]
    public async Task Commands_on_an_unknown_or_foreign_patient_are_404()
    {
        var north = app.NewClinic();
        var south = app.NewClinic();
        var id = await north.EnrolledPatient();
        await south.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-02-01", reason = "completed" }, expect: 404);
        await north.Post($"/api/patients/{Guid.NewGuid()}/discharge", new { dischargedOn = "2026-02-01", reason = "completed" }, expect: 404);
        await north.Get($"/api/patients/{id}/history", expect: 200);
        await south.Get($"/api/patients/{id}/history", expect: 404);
    }

    [Fact]
    public async Task Counselor_assignment_and_frequency_change_show_in_the_record()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var counselor = Guid.NewGuid();
        Assert.Equal(2, (await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = counselor })).Json().Long("version"));
        // the same counselor again appends nothing
        Assert.Equal(2, (await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = counselor })).Json().Long("version"));
        Assert.Equal(3, (await clinic.Put($"/api/patients/{id}/counseling-frequency", new { counselingFrequency = "monthly" })).Json().Long("version"));

        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal(counselor, read.GetProperty("counselorId").GetGuid());
        Assert.Equal("monthly", read.Str("counselingFrequency"));
        await clinic.Put($"/api/patients/{id}/counselor", new { counselorId = "nope" }, expect: 400);
    }

    [Fact]
    public async Task History_lists_events_in_order_with_short_names_and_camelCase_data()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        await clinic.Post($"/api/patients/{id}/opioid-free-verifications",
            new { verifiedOn = "2026-01-06", method = "urine-drug-screen", result = "negative", lastOpioidUseOn = "2025-12-20", lastOpioidKind = "methadone" });
        await clinic.Post($"/api/patients/{id}/discharge", new { dischargedOn = "2026-02-01", reason = "transferred" });

        var history = (await clinic.Get($"/api/patients/{id}/history")).Json().EnumerateArray().ToList();
        Assert.Equal(["PatientEnrolled", "OpioidFreeVerified", "PatientDischarged"], history.Select(h => h.Str("type")));
        Assert.Equal([1L, 2L, 3L], history.Select(h => h.Long("version")));
        Assert.Equal("2025-12-20", history[1].GetProperty("data").Str("lastOpioidUseOn"));
        Assert.Equal("methadone", history[1].GetProperty("data").Str("lastOpioidKind"));
        Assert.Equal("transferred", history[2].GetProperty("data").Str("reason"));
        Assert.True(history[0].TryGetProperty("recordedAt", out _));
    }
}
