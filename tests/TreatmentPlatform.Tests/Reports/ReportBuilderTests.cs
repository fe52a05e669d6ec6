using TreatmentPlatform.Care;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Reports;
using TreatmentPlatform.Reports.Building;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reports;

/// <summary>
/// The six reports of domain.md ("Reports", "Outcomes") for one small synthetic clinic over the first half of 2026
/// (01-01..06-30, 181 days), built directly from folded histories (<see cref="TreatmentSummary.From"/>): no database, no HTTP.
/// A: implant 01-01 (covers 01-01..06-29), monthly counseling, 5 sessions attended.
/// B: injections 01-10 and 02-07 (01-10..03-06), weekly, 10 attended and a no-show, discharged 04-10 (dropped out).
/// C: episode 1 in 2025 (outside the period); readmitted 03-01, never induced, one no-show, discharged 03-20 (incarcerated).
/// D: enrolled 06-01, oral 150 mg every third day 06-01..06-13 (covers 06-01..06-15), injection 06-16, weekly, 1 attended.
/// </summary>
public sealed class ReportBuilderTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Dee = new("00000000-0000-0000-0000-00000000000d");
    private static readonly DateOnly From = D("2026-01-01");
    private static readonly DateOnly To = D("2026-06-30");

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly IReadOnlyList<Patient> Clinic = [PatientA(), PatientB(), PatientC(), PatientD()];

    private static ClinicReport Build(ReportKind kind) => ReportBuilder.Build(kind, Clinic.Select(TreatmentSummary.From).ToList(), From, To, ClinicSettings.Default);

    [Fact]
    public void Adherence_report_rows_and_totals()
    {
        var report = Build(ReportKind.Adherence);
        var rows = report.Rows.Cast<AdherenceRow>().Select(r => (r.PatientId, string.Join(",", r.Forms), r.TreatmentDays, r.CoveredDays, r.Pdc, r.Adherent));
        Assert.Equal(new (Guid, string, int, int, double?, bool)[]
        {
            (A, "implant", 181, 180, 0.9945, true),       // treatment 01-01..06-30 = 181, covered 01-01..06-29 = 180; 180/181 = 0.99448
            (B, "injectable", 91, 56, 0.6154, false),              // treatment 01-10..04-10 = 91, covered 2 × 28 = 56; 56/91 = 0.61538
            (C, "", 0, 0, null, false),                            // overlapping episode but no supply in it: PDC null, still a row
            (Dee, "oral,injectable", 30, 30, 1.0, true),           // 06-01..06-30 all covered (oral 5 × 3 days, then the injection)
        }, rows);
        Assert.Equal(new[]
        {
            new AdherenceTotal("overall", 3, 0.6667, 0.87),        // A, B, D have treatment days (not C); 2/3 adherent; (0.9945 + 0.6154 + 1) / 3 = 0.86997
            new AdherenceTotal("oral", 1, 1.0, 1.0),               // D
            new AdherenceTotal("injectable", 2, 0.5, 0.8077),      // B and D: 1/2 adherent; (0.6154 + 1) / 2 = 0.8077
            new AdherenceTotal("implant", 1, 1.0, 0.9945),         // A
        }, report.Totals.Cast<AdherenceTotal>());
    }

    [Fact]
    public void Retention_report_rows_and_totals()
    {
        var report = Build(ReportKind.Retention);
        Assert.Equal(new[]
        {
            // A: 01-01 + 30/90/180 = 01-31, 04-01, 06-30 — all ≤ 06-30, never discharged.
            new RetentionRow(A, 1, D("2026-01-01"), "2026-01", true, true, true),
            // B: + 90 = 04-10, the discharge day: not discharged before it, so retained; + 180 = 07-09 > 06-30: not counted.
            new RetentionRow(B, 1, D("2026-01-10"), "2026-01", true, true, null),
            // C episode 2: discharged 03-20, before 03-31 (+30) and 05-30 (+90); + 180 = 08-28 not counted. Episode 1 (2025) is not in the period.
            new RetentionRow(C, 2, D("2026-03-01"), "2026-03", false, false, null),
            // D: + 30 = 07-01 > 06-30: no mark counted yet.
            new RetentionRow(Dee, 1, D("2026-06-01"), "2026-06", null, null, null),
        }, report.Rows.Cast<RetentionRow>());
        Assert.Equal(new[]
        {
            new RetentionTotal("2026-01", 2, 1.0, 1.0, 1.0),       // at 180 only A is counted: 1/1
            new RetentionTotal("2026-03", 1, 0.0, 0.0, null),
            new RetentionTotal("2026-06", 1, null, null, null),
        }, report.Totals.Cast<RetentionTotal>());
    }

    [Fact]
    public void Medication_plus_counseling_report_rows_and_totals()
    {
        var report = Build(ReportKind.MedicationPlusCounseling);
        Assert.Equal(new[]
        {
            new CombinedRow(A, 0.9945, 0.8333, CombinedStatus.Combined),        // monthly, 181 days → floor(181/28) = 6 expected; 5/6 = 0.8333
            new CombinedRow(B, 0.6154, 0.7692, CombinedStatus.CounselingOnly),  // weekly, 91 days → 13 expected; 10/13 = 0.7692 ≥ 0.75; PDC < 0.80
            new CombinedRow(C, null, 0.0, CombinedStatus.Neither),              // 03-01..03-20 = 20 days → 2 expected, 0 attended; PDC null
            new CombinedRow(Dee, 1.0, 0.25, CombinedStatus.MedicationOnly),     // 30 days → 4 expected; 1/4
        }, report.Rows.Cast<CombinedRow>());
        Assert.Equal(new[]
        {
            new CombinedTotal(CombinedStatus.Combined, 1, 0.25),   // one of four patients each
            new CombinedTotal(CombinedStatus.MedicationOnly, 1, 0.25),
            new CombinedTotal(CombinedStatus.CounselingOnly, 1, 0.25),
            new CombinedTotal(CombinedStatus.Neither, 1, 0.25),
        }, report.Totals.Cast<CombinedTotal>());
    }

    [Fact]
    public void Continuity_report_rows_and_totals()
    {
        var report = Build(ReportKind.Continuity);
        var rows = report.Rows.Cast<ContinuityRow>().Select(r => (r.PatientId, string.Join(",", r.Forms), r.LongestSpanDays, r.MeetsSpan));
        Assert.Equal(new (Guid, string, int, bool)[]
        {
            (A, "implant", 180, true),              // 01-01..06-29 = 180 days: meets 180 exactly
            (B, "injectable", 56, false),           // 01-10..03-06
            (C, "", 0, false),                      // no supply in the period
            (Dee, "oral,injectable", 30, false),    // 06-01..07-13 clipped to 06-30
        }, rows);
        Assert.Equal(new[]
        {
            new ContinuityTotal("oral", 1, 0),         // D
            new ContinuityTotal("injectable", 2, 0),   // B, D
            new ContinuityTotal("implant", 1, 1),      // A meets 180
        }, report.Totals.Cast<ContinuityTotal>());
    }

    [Fact]
    public void Discharges_report_rows_and_totals()
    {
        var report = Build(ReportKind.Discharges);
        Assert.Equal(new[]
        {
            // 03-20 − 03-01 = 19 days; TEDS 5; no service in the episode (a no-show is none): last contact = enrolledOn.
            new DischargeRow(C, 2, D("2026-03-01"), D("2026-03-20"), 19, 5, DischargeReason.Incarcerated, D("2026-03-01")),
            // 04-10 − 01-10 = 90 days; TEDS 2; last service = attended session 03-14 (later than the 02-07 injection; the 03-21 no-show is not one).
            new DischargeRow(B, 1, D("2026-01-10"), D("2026-04-10"), 90, 2, DischargeReason.DroppedOut, D("2026-03-14")),
        }, report.Rows.Cast<DischargeRow>());   // C's 2025-12-15 discharge is outside the period
        Assert.Equal(new[]
        {
            new DischargeTotal(1, DischargeReason.Completed, 0),
            new DischargeTotal(2, DischargeReason.DroppedOut, 1),
            new DischargeTotal(3, DischargeReason.Terminated, 0),
            new DischargeTotal(4, DischargeReason.Transferred, 0),
            new DischargeTotal(5, DischargeReason.Incarcerated, 1),
            new DischargeTotal(6, DischargeReason.Death, 0),
            new DischargeTotal(7, DischargeReason.Other, 0),
        }, report.Totals.Cast<DischargeTotal>());
    }

    [Fact]
    public void Outcomes_report_groups_by_medication_plus_counseling_status()
    {
        var report = Build(ReportKind.Outcomes);
        Assert.Equal(new[]
        {
            new OutcomeGroupRow("combined", 1, -6.0, null, 1.0, 0.0),              // A: opioids 8 → 2; 3/3 negative; no adverse event in 181 days
            new OutcomeGroupRow("medication-only", 1, null, -3.0, 1.0, 3.3333),    // D: alcohol 6 → 3; 1/1 negative; 1 event / 30 days × 100
            new OutcomeGroupRow("counseling-only", 1, -1.0, null, 0.5, 1.0989),    // B: opioids 7 → 6, one alcohol score (none); 1/2; 1 / 91 × 100
            new OutcomeGroupRow("neither", 1, null, null, 0.0, null),              // C: one opioid score in the period (the 2025 one is outside); 0/1; no treatment days
        }, report.Rows.Cast<OutcomeGroupRow>());
        // Overall: opioids (−6 − 1) / 2 = −3.5; alcohol −3; 5 negative of 7 checks = 0.7143; 2 events / 302 treatment days × 100 = 0.6623.
        Assert.Equal(new OutcomeGroupRow("overall", 4, -3.5, -3.0, 0.7143, 0.6623), Assert.Single(report.Totals.Cast<OutcomeGroupRow>()));
    }

    // --- the clinic ---

    private static Patient PatientA() => HistorySimulator.Fold(
    [
        new PatientEnrolled(A, TreatmentProgram.Oud, D("2026-01-01"), 1, CounselingFrequency.Monthly, null),
        new MedicationPlanSet(A, 1, MedicationForm.Implant, D("2026-01-01"), null, null, 180, "NTX-implant"),
        new ImplantInserted(A, 1, Guid.NewGuid(), D("2026-01-01"), "NTX-implant", 180),
        Craving(A, 1, "2026-01-05", CravingSubstance.Opioids, 8), Craving(A, 1, "2026-06-20", CravingSubstance.Opioids, 2),
        Check(A, 1, "2026-02-01", CheckedSubstance.Opioids, CheckResult.Negative), Check(A, 1, "2026-03-01", CheckedSubstance.Opioids, CheckResult.Negative),
        Check(A, 1, "2026-04-01", CheckedSubstance.Opioids, CheckResult.Negative),
        .. Sessions(A, 1, SessionOutcome.Attended, "2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15"),
    ]);

    private static Patient PatientB() => HistorySimulator.Fold(
    [
        new PatientEnrolled(B, TreatmentProgram.Oud, D("2026-01-10"), 1, CounselingFrequency.Weekly, null),
        new MedicationPlanSet(B, 1, MedicationForm.Injectable, D("2026-01-10"), 380, null, null, null),
        Injection(B, "2026-01-10", InjectionSite.LeftGluteal), Injection(B, "2026-02-07", InjectionSite.RightGluteal),
        Craving(B, 1, "2026-01-10", CravingSubstance.Opioids, 7), Craving(B, 1, "2026-03-14", CravingSubstance.Opioids, 6),
        Craving(B, 1, "2026-01-10", CravingSubstance.Alcohol, 5),
        Check(B, 1, "2026-02-01", CheckedSubstance.Opioids, CheckResult.Negative), Check(B, 1, "2026-03-01", CheckedSubstance.Opioids, CheckResult.Positive),
        new AdverseEventReported(B, 1, Guid.NewGuid(), D("2026-02-08"), AdverseEventKind.InjectionSiteReaction, AdverseEventSeverity.Mild, D("2026-02-12")),
        .. Sessions(B, 1, SessionOutcome.Attended, "2026-01-10", "2026-01-17", "2026-01-24", "2026-01-31", "2026-02-07",
            "2026-02-14", "2026-02-21", "2026-02-28", "2026-03-07", "2026-03-14"),
        .. Sessions(B, 1, SessionOutcome.NoShow, "2026-03-21"),
        new PatientDischarged(B, 1, D("2026-04-10"), DischargeReason.DroppedOut),
    ]);

    private static Patient PatientC() => HistorySimulator.Fold(
    [
        new PatientEnrolled(C, TreatmentProgram.Oud, D("2025-11-01"), 1, CounselingFrequency.Weekly, null),
        new OralDoseTaken(C, 1, Guid.NewGuid(), D("2025-11-01"), 50, true),
        Craving(C, 1, "2025-11-01", CravingSubstance.Opioids, 9),
        new PatientDischarged(C, 1, D("2025-12-15"), DischargeReason.Other),
        new PatientReadmitted(C, 2, D("2026-03-01")),
        Craving(C, 2, "2026-03-02", CravingSubstance.Opioids, 7),
        Check(C, 2, "2026-03-05", CheckedSubstance.Opioids, CheckResult.Positive),
        .. Sessions(C, 2, SessionOutcome.NoShow, "2026-03-08"),
        new PatientDischarged(C, 2, D("2026-03-20"), DischargeReason.Incarcerated),
    ]);

    private static Patient PatientD() => HistorySimulator.Fold(
    [
        new PatientEnrolled(Dee, TreatmentProgram.Aud, D("2026-06-01"), 1, CounselingFrequency.Weekly, null),
        new MedicationPlanSet(Dee, 1, MedicationForm.Oral, D("2026-06-01"), 150, OralSchedule.EveryThirdDay, null, null),
        .. new[] { "2026-06-01", "2026-06-04", "2026-06-07", "2026-06-10", "2026-06-13" }
            .Select(on => (object)new OralDoseTaken(Dee, 1, Guid.NewGuid(), D(on), 150, true)),
        new MedicationPlanSet(Dee, 1, MedicationForm.Injectable, D("2026-06-16"), 380, null, null, null),
        Injection(Dee, "2026-06-16", InjectionSite.LeftGluteal),
        Craving(Dee, 1, "2026-06-01", CravingSubstance.Alcohol, 6), Craving(Dee, 1, "2026-06-29", CravingSubstance.Alcohol, 3),
        new SubstanceUseChecked(Dee, 1, Guid.NewGuid(), D("2026-06-10"), CheckMethod.Breathalyzer, CheckedSubstance.Alcohol, CheckResult.Negative),
        new AdverseEventReported(Dee, 1, Guid.NewGuid(), D("2026-06-03"), AdverseEventKind.Nausea, AdverseEventSeverity.Moderate, D("2026-06-05")),
        .. Sessions(Dee, 1, SessionOutcome.Attended, "2026-06-02"),
    ]);

    private static IEnumerable<object> Sessions(Guid id, int episode, SessionOutcome outcome, params string[] days) =>
        days.Select(on => (object)new CounselingSessionRecorded(id, episode, Guid.NewGuid(), Guid.Empty, D(on), 50, SessionModality.Individual, outcome));

    private static InjectionAdministered Injection(Guid id, string on, InjectionSite site) =>
        new(id, 1, Guid.NewGuid(), D(on), 380, site, null, false, null);

    private static CravingAssessed Craving(Guid id, int episode, string on, CravingSubstance substance, int score) =>
        new(id, episode, Guid.NewGuid(), D(on), substance, score);

    private static SubstanceUseChecked Check(Guid id, int episode, string on, CheckedSubstance substance, CheckResult result) =>
        new(id, episode, Guid.NewGuid(), D(on), CheckMethod.UrineDrugScreen, substance, result);
}
