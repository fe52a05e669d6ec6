using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Induction;

/// <summary>Each induction rule at its boundary days, through PUT medication-plan (docs/clinical-rules.md#induction).</summary>
[Collection(ApiCollection.Name)]
public sealed class InductionBoundaryTests(AppFixture app)
{
    private async Task<(int Status, string? Title)> StartOral(Func<TestClinic, Guid, Task> history, string startOn)
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-02-01");
        await history(clinic, id);
        var result = await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral(startOn), expect: null);
        var status = result.Context.Response.StatusCode;
        return (status, status == 200 ? null : result.Json().Str("title"));
    }

    [Theory]
    [InlineData("short-acting", "2026-03-07", 409)]   // 6 days after the last use on 03-01
    [InlineData("short-acting", "2026-03-08", 200)]   // 7 days
    [InlineData("buprenorphine", "2026-03-14", 409)]  // 13 days
    [InlineData("buprenorphine", "2026-03-15", 200)]  // 14 days
    [InlineData("methadone", "2026-03-14", 409)]
    [InlineData("methadone", "2026-03-15", 200)]
    public async Task Opioid_free_period(string kind, string startOn, int expected)
    {
        var (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-01", lastUse: "2026-03-01", kind: kind);
            await c.Verified(id, startOn);
        }, startOn);
        Assert.Equal(expected, status);
        if (expected == 409) Assert.Equal("opioid-free-period-too-short", title);
    }

    [Theory]
    [InlineData("2026-03-08", 200)]   // verification 7 days before the start
    [InlineData("2026-03-09", 409)]   // 8 days before: outside the window
    public async Task Verification_window(string startOn, int expected)
    {
        var (status, title) = await StartOral((c, id) => c.Verified(id, "2026-03-01"), startOn);
        Assert.Equal(expected, status);
        if (expected == 409) Assert.Equal("opioid-free-verification-missing", title);
    }

    [Fact]
    public async Task The_latest_verification_in_the_window_must_be_negative()
    {
        var (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-03");
            await c.Verified(id, "2026-03-05", "positive");
        }, "2026-03-06");
        Assert.Equal((409, "opioid-free-verification-missing"), (status, title));
    }

    [Fact]
    public async Task A_positive_naloxone_challenge_blocks_the_same_day()
    {
        var (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-09");
            await c.Verified(id, "2026-03-10", "positive", "naloxone-challenge");
        }, "2026-03-10");
        Assert.Equal((409, "naloxone-challenge-positive"), (status, title));
    }

    [Fact]
    public async Task After_a_positive_challenge_a_new_negative_verification_from_the_next_day_allows_the_start()
    {
        var (status, _) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-10", "positive", "naloxone-challenge");
            await c.Verified(id, "2026-03-11");
        }, "2026-03-11");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task After_a_positive_challenge_a_negative_verification_on_the_same_day_is_not_enough()
    {
        var (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-10", "positive", "naloxone-challenge");
            await c.Verified(id, "2026-03-10");
        }, "2026-03-11");
        Assert.Equal((409, "naloxone-challenge-positive"), (status, title));
    }

    [Theory]
    [InlineData("acute-hepatitis", null, 409)]
    [InlineData("liver-failure", "2026-03-06", 409)]   // resolved the day after the start
    [InlineData("liver-failure", "2026-03-05", 200)]   // resolved on the start day
    [InlineData("other", null, 200)]
    public async Task Contraindications(string kind, string? resolvedOn, int expected)
    {
        var (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-05");
            await c.Post($"/api/patients/{id}/contraindications", resolvedOn is null
                ? new { kind, notedOn = "2026-03-01" }
                : (object)new { kind, notedOn = "2026-03-01", resolvedOn });
        }, "2026-03-05");
        Assert.Equal(expected, status);
        if (expected == 409) Assert.Equal("contraindicated", title);
    }

    [Fact]
    public async Task The_first_rule_in_order_names_the_refusal()
    {
        // contraindicated and no verification at all: contraindicated wins
        var (status, title) = await StartOral(
            (c, id) => c.Post($"/api/patients/{id}/contraindications", new { kind = "acute-hepatitis", notedOn = "2026-03-01" }), "2026-03-05");
        Assert.Equal((409, "contraindicated"), (status, title));
        // too short, and the latest verification in the window positive: too short wins
        (status, title) = await StartOral(async (c, id) =>
        {
            await c.Verified(id, "2026-03-01", lastUse: "2026-03-01");
            await c.Verified(id, "2026-03-03", "positive");
        }, "2026-03-05");
        Assert.Equal((409, "opioid-free-period-too-short"), (status, title));
    }

    [Fact]
    public async Task Changing_dose_within_a_form_needs_no_new_induction_but_a_form_change_does()
    {
        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        // months later, no recent verification: a schedule change in the same form is fine
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-05-01", "every-other-day", 100), expect: 200);
        Assert.Equal("opioid-free-verification-missing",
            (await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Injectable("2026-05-02"), expect: 409)).Json().Str("title"));
    }
}
