using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reports;

/// <summary>
/// One clinic for the report tests, built through HTTP. Expected numbers in the tests are worked
/// out by hand from docs/clinical-rules.md; the comments there show the arithmetic.
/// </summary>
public sealed record ReportSeed(TestClinic Clinic, Guid P1, Guid P2, Guid P3, Guid P4, Guid P5, TestClinic Other, Guid OtherPatient)
{
    private static Task<ReportSeed>? _seed;
    private static readonly Lock Gate = new();

    public static Task<ReportSeed> For(AppFixture app)
    {
        lock (Gate) return _seed ??= Create(app);
    }

    private static async Task Attend(TestClinic c, Guid id, params string[] days)
    {
        foreach (var day in days)
            await c.Post($"/api/patients/{id}/counseling-sessions", new { counselorId = Guid.NewGuid(), heldOn = day, minutes = 50, modality = "individual", outcome = "attended" });
    }

    private static async Task<ReportSeed> Create(AppFixture app)
    {
        var c = app.NewClinic();

        // P1: oral daily 02-20..03-31, four sessions in March → combined
        var p1 = await c.PatientOnPlan("2026-02-20", MedicationScenarios.Oral("2026-02-20"));
        await c.DailyDoses(p1, "2026-02-20", "2026-03-31");
        await Attend(c, p1, "2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24");

        // P2: injection 02-15 (covers 02-15..03-14, cut by the period start), switch to oral 03-20 → medication-only
        var p2 = await c.PatientOnPlan("2026-02-01", MedicationScenarios.Injectable("2026-02-01"));
        await c.Injection(p2, "2026-02-15");
        await c.Verified(p2, "2026-03-20");
        await c.Put($"/api/patients/{p2}/medication-plan", MedicationScenarios.Oral("2026-03-20"));
        await c.DailyDoses(p2, "2026-03-20", "2026-03-31");

        // P3: oral 01-10..03-05, discharged 03-05 (dropped-out), readmitted 03-15, oral 03-15..03-24 → counseling-only
        var p3 = await c.PatientOnPlan("2026-01-10", MedicationScenarios.Oral("2026-01-10"));
        await c.DailyDoses(p3, "2026-01-10", "2026-03-05");
        await Attend(c, p3, "2026-03-02");
        await c.Post($"/api/patients/{p3}/discharge", new { dischargedOn = "2026-03-05", reason = "dropped-out" });
        await c.Post($"/api/patients/{p3}/readmission", new { enrolledOn = "2026-03-15" });
        await c.Verified(p3, "2026-03-15");
        await c.Put($"/api/patients/{p3}/medication-plan", MedicationScenarios.Oral("2026-03-15"));
        await c.DailyDoses(p3, "2026-03-15", "2026-03-24");
        await Attend(c, p3, "2026-03-16", "2026-03-23");

        // P4: enrolled 03-10, no medication yet → neither, null PDC
        var p4 = await c.EnrolledPatient("2026-03-10");

        // P5: implant 03-01 (180 days), three sessions → combined
        var p5 = await c.PatientOnPlan("2026-03-01", MedicationScenarios.Implant("2026-03-01"));
        await c.Post($"/api/patients/{p5}/implants", new { insertedOn = "2026-03-01", product = "NTX-implant" });
        await Attend(c, p5, "2026-03-05", "2026-03-12", "2026-03-19");

        // outcomes
        async Task Craving(Guid id, string on, string substance, int score) =>
            await c.Post($"/api/patients/{id}/craving-assessments", new { assessedOn = on, substance, score });
        async Task Check(Guid id, string on, string result) =>
            await c.Post($"/api/patients/{id}/substance-use-checks", new { checkedOn = on, method = "urine-drug-screen", substance = "opioids", result });
        await Craving(p1, "2026-03-01", "opioids", 8);
        await Craving(p1, "2026-03-31", "opioids", 3);
        await Check(p1, "2026-03-10", "negative");
        await Check(p1, "2026-03-20", "negative");
        await Craving(p5, "2026-03-02", "opioids", 6);
        await Craving(p5, "2026-03-30", "opioids", 4);
        await Craving(p5, "2026-03-02", "alcohol", 5);
        await Craving(p5, "2026-03-30", "alcohol", 2);
        await Check(p5, "2026-03-15", "positive");
        await c.Post($"/api/patients/{p5}/adverse-events", new { onsetOn = "2026-03-10", kind = "other", severity = "mild" });
        await Check(p2, "2026-03-05", "negative");
        await Check(p4, "2026-03-12", "positive");
        await Check(p4, "2026-03-20", "positive");

        var other = app.NewClinic();
        var otherPatient = await other.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await other.Dose(otherPatient, "2026-03-01");

        await c.Get("/api/worklist?minVersion=1");
        await other.Get("/api/worklist?minVersion=1");
        return new ReportSeed(c, p1, p2, p3, p4, p5, other, otherPatient);
    }
}
