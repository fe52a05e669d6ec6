using TreatmentPlatform.Adherence;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Tests.Worklist;

/// <summary>The worklist alert rules of domain.md ("Worklist alerts") as pure functions: no database, no HTTP.</summary>
public sealed class AlertsTests
{
    private static readonly ClinicSettings Settings = ClinicSettings.Default;
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    // An active oral patient enrolled 03-01, covered and counseled through 03-01: no alert of any kind that day.
    private static readonly AlertInputs Active = new(
        EnrolledOn: D("2026-03-01"), HasSupply: true, PlanForm: MedicationForm.Oral, CoverageEndsOn: D("2026-03-01"), ImplantCovers: false,
        LastAttendedOn: D("2026-03-01"), LastServiceOn: D("2026-03-01"), OpenAttentionOnsets: [], Frequency: CounselingFrequency.Weekly);

    private static Alert? Find(AlertInputs? inputs, string asOf, AlertKind kind) =>
        Alerts.On(inputs, D(asOf), Settings).SingleOrDefault(a => a.Kind == kind);

    [Fact]
    public void An_active_patient_on_the_day_of_their_last_service_has_no_alert() =>
        Assert.Empty(Alerts.On(Active, D("2026-03-01"), Settings));

    [Fact]
    public void A_discharged_patient_has_no_alerts()
    {
        // null inputs: no open episode.
        Assert.Empty(Alerts.On(null, D("2026-03-01"), Settings));

        // Built from a discharged episode: long uncovered, never counseled, yet nothing (domain.md: only not-discharged episodes).
        var patient = Patient(Enrolled("2026-01-01"), Oral("2026-01-01", 50), new PatientDischarged(Id, 1, D("2026-01-05"), DischargeReason.DroppedOut));
        var inputs = AlertInputs.AsOf(patient.Episodes.AsOf(D("2026-03-01")), patient.CounselingFrequency, D("2026-03-01"));
        Assert.Null(inputs);
        Assert.Empty(Alerts.On(inputs, D("2026-03-01"), Settings));
    }

    [Fact]
    public void Induction_is_pending_from_the_fourteenth_day_without_a_supply()
    {
        var waiting = Active with { HasSupply = false, CoverageEndsOn = null, PlanForm = null, LastServiceOn = null };
        Assert.Null(Find(waiting, "2026-03-14", AlertKind.InductionPending));                 // 03-14 − 03-01 = 13 < 14
        Assert.Equal(D("2026-03-15"), Find(waiting, "2026-03-15", AlertKind.InductionPending)!.Since);   // 14 days: since enrolledOn + 14
        Assert.Null(Find(Active, "2026-03-20", AlertKind.InductionPending));                  // a supply exists: never pending
    }

    [Fact]
    public void Injection_is_due_from_seven_days_before_coverage_ends()
    {
        var injected = Active with { PlanForm = MedicationForm.Injectable, CoverageEndsOn = D("2026-03-28") };
        Assert.Null(Find(injected, "2026-03-20", AlertKind.InjectionDue));                    // 03-28 > 03-20 + 7 = 03-27
        Assert.Equal(D("2026-03-21"), Find(injected, "2026-03-21", AlertKind.InjectionDue)!.Since);   // 03-28 ≤ 03-28: since 03-28 − 7
        Assert.Equal(D("2026-03-21"), Find(injected, "2026-03-28", AlertKind.InjectionDue)!.Since);   // asOf = coverageEndsOn: still due
        Assert.Null(Find(injected, "2026-03-29", AlertKind.InjectionDue));                    // coverageEndsOn < asOf: a gap now
        Assert.Null(Find(injected with { PlanForm = MedicationForm.Oral }, "2026-03-21", AlertKind.InjectionDue));   // only for an injectable plan
    }

    [Fact]
    public void Implant_expiring_appears_thirty_days_before_the_implant_coverage_ends()
    {
        var implanted = Active with { PlanForm = MedicationForm.Implant, CoverageEndsOn = D("2026-07-08"), ImplantCovers = true };
        Assert.Null(Find(implanted, "2026-06-07", AlertKind.ImplantExpiring));                // 07-08 − 06-07 = 31 > 30
        Assert.Equal(D("2026-06-08"), Find(implanted, "2026-06-08", AlertKind.ImplantExpiring)!.Since);   // since 07-08 − 30
        Assert.Equal(D("2026-06-08"), Find(implanted, "2026-07-08", AlertKind.ImplantExpiring)!.Since);   // last covered day: still expiring
        Assert.Null(Find(implanted with { ImplantCovers = false }, "2026-06-20", AlertKind.ImplantExpiring));   // no implant covers asOf
    }

    [Theory]
    [InlineData("2026-03-10", null, null)]        // asOf = coverageEndsOn: covered, no gap
    [InlineData("2026-03-11", 1, AlertSeverity.Low)]      // 03-11 − 03-10 = 1: low (1–2)
    [InlineData("2026-03-12", 2, AlertSeverity.Low)]
    [InlineData("2026-03-13", 3, AlertSeverity.Medium)]   // 3–7: medium
    [InlineData("2026-03-17", 7, AlertSeverity.Medium)]
    [InlineData("2026-03-18", 8, AlertSeverity.High)]     // ≥ 8: high
    public void Medication_gap_severity_follows_the_uncovered_days(string asOf, int? gapDays, AlertSeverity? severity)
    {
        var lapsed = Active with { CoverageEndsOn = D("2026-03-10"), LastAttendedOn = D(asOf), LastServiceOn = D(asOf) };
        var gap = Find(lapsed, asOf, AlertKind.MedicationGap);
        Assert.Equal(gapDays, gap?.GapDays);           // gapDays = asOf − coverageEndsOn
        Assert.Equal(severity, gap?.Severity);
        if (gap is not null) Assert.Equal(D("2026-03-11"), gap.Since);   // since coverageEndsOn + 1
    }

    [Fact]
    public void Medication_gap_is_high_from_the_eighth_uncovered_day()
    {
        var lapsed = Active with { CoverageEndsOn = D("2026-03-10") };
        Assert.Equal(AlertSeverity.Medium, Find(lapsed, "2026-03-17", AlertKind.MedicationGap)!.Severity);   // 7 days
        Assert.Equal(AlertSeverity.High, Find(lapsed, "2026-03-18", AlertKind.MedicationGap)!.Severity);     // 8 days
    }

    [Theory]
    [InlineData(CounselingFrequency.Weekly, "2026-03-11", "2026-03-12")]     // > 1.5 × 7 = 10.5: 10 days no, 11 days yes
    [InlineData(CounselingFrequency.Biweekly, "2026-03-22", "2026-03-23")]   // > 21: 21 days no, 22 yes
    [InlineData(CounselingFrequency.Monthly, "2026-04-12", "2026-04-13")]    // > 42: 42 days no (04-12), 43 yes (04-13)
    public void Counseling_is_overdue_after_one_and_a_half_frequencies(CounselingFrequency frequency, string dayBefore, string firstDay)
    {
        var counseled = Active with { Frequency = frequency, CoverageEndsOn = D("2026-06-30") };   // last attended 03-01
        Assert.Null(Find(counseled, dayBefore, AlertKind.CounselingOverdue));
        // domain.md names no `since` for this alert: the first day the rule holds.
        Assert.Equal(D(firstDay), Find(counseled, firstDay, AlertKind.CounselingOverdue)!.Since);
        // never attended: counted from enrolledOn (also 03-01).
        Assert.NotNull(Find(counseled with { LastAttendedOn = null }, firstDay, AlertKind.CounselingOverdue));
    }

    [Fact]
    public void Inactive_30_days_from_the_thirtieth_day_without_a_service()
    {
        var quiet = Active with { CoverageEndsOn = D("2026-06-30"), LastAttendedOn = D("2026-06-30") };   // only the service date matters here
        Assert.Null(Find(quiet, "2026-03-30", AlertKind.Inactive30Days));                     // 29 days
        Assert.Equal(D("2026-03-31"), Find(quiet, "2026-03-31", AlertKind.Inactive30Days)!.Since);   // 30 days: since last service + 30
        Assert.NotNull(Find(quiet with { LastServiceOn = null }, "2026-03-31", AlertKind.Inactive30Days));   // no service: from enrolledOn 03-01
    }

    [Fact]
    public void Adverse_event_alert_is_open_from_onset_until_resolved()
    {
        var patient = Patient(Enrolled("2026-03-01"),
            new AdverseEventReported(Id, 1, Guid.NewGuid(), D("2026-03-05"), AdverseEventKind.Nausea, AdverseEventSeverity.Severe, D("2026-03-09")),
            new AdverseEventReported(Id, 1, Guid.NewGuid(), D("2026-03-06"), AdverseEventKind.Headache, AdverseEventSeverity.Moderate, null),
            new AdverseEventReported(Id, 1, Guid.NewGuid(), D("2026-03-07"), AdverseEventKind.Hepatotoxicity, AdverseEventSeverity.Mild, null));
        List<DateOnly> Onsets(string asOf) => AlertsOn(patient, asOf).Where(a => a.Kind == AlertKind.AdverseEvent).Select(a => a.Since).ToList();

        Assert.Empty(Onsets("2026-03-04"));                                      // before any onset
        Assert.Equal(new[] { D("2026-03-05") }, Onsets("2026-03-05"));                   // severe nausea: since onset
        Assert.Equal(new[] { D("2026-03-05"), D("2026-03-07") }, Onsets("2026-03-08"));  // + any hepatotoxicity; a moderate headache never alerts
        Assert.Equal(new[] { D("2026-03-07") }, Onsets("2026-03-09"));                   // nausea resolved 03-09: not open on 03-09
    }

    // --- implant-expiring built from episodes: "an implant's placed coverage includes asOf (whatever plan is in effect)" ---

    [Fact]
    public void Implant_plan_without_an_inserted_implant_is_not_expiring()
    {
        // Implant plan from 03-01, but only an injection given 03-01 (covers 03-01..03-28); asOf 03-20: ends within 30 days, no implant placed.
        var patient = Patient(Enrolled("2026-03-01"), Plan(MedicationForm.Implant, "2026-03-01"), Injection("2026-03-01"));
        Assert.DoesNotContain(AlertsOn(patient, "2026-03-20"), a => a.Kind == AlertKind.ImplantExpiring);
    }

    [Fact]
    public void Implant_removed_earlier_in_the_episode_is_not_expiring_on_injections()
    {
        // Implant 01-10 removed 03-01 (covers 01-10..02-28); injectable from 03-01, injection 03-01 covers 03-01..03-28.
        var implant = Guid.NewGuid();
        var patient = Patient(Enrolled("2026-01-10"), Plan(MedicationForm.Implant, "2026-01-10"), Implant(implant, "2026-01-10"),
            new ImplantRemoved(Id, 1, implant, D("2026-03-01"), "switch to injections"),
            Plan(MedicationForm.Injectable, "2026-03-01"), Injection("2026-03-01"));
        Assert.DoesNotContain(AlertsOn(patient, "2026-03-20"), a => a.Kind == AlertKind.ImplantExpiring);   // 03-28 within 30 days, but no implant covers 03-20
        var due = Assert.Single(AlertsOn(patient, "2026-03-21"), a => a.Kind == AlertKind.InjectionDue);     // 03-28 − 7 = 03-21
        Assert.Equal(D("2026-03-21"), due.Since);
        Assert.DoesNotContain(AlertsOn(patient, "2026-03-21"), a => a.Kind == AlertKind.ImplantExpiring);
    }

    [Fact]
    public void Implant_still_covering_under_an_oral_plan_is_expiring()
    {
        // Implant 01-10 covers 180 days: 01-10..07-08. Oral plan from 06-10 (no dose yet); asOf 06-15: 07-08 ≤ 06-15 + 30 = 07-15.
        var patient = Patient(Enrolled("2026-01-10"), Plan(MedicationForm.Implant, "2026-01-10"), Implant(Guid.NewGuid(), "2026-01-10"),
            Plan(MedicationForm.Oral, "2026-06-10"));
        var expiring = Assert.Single(AlertsOn(patient, "2026-06-15"), a => a.Kind == AlertKind.ImplantExpiring);
        Assert.Equal(D("2026-06-08"), expiring.Since);   // since 07-08 − 30
    }

    [Fact]
    public void Implant_ending_in_31_days_is_not_expiring_yet()
    {
        // Implant 01-10: coverage ends 07-08; 06-07 + 31 = 07-08 → not yet; 06-08 + 30 = 07-08 → expiring.
        var patient = Patient(Enrolled("2026-01-10"), Plan(MedicationForm.Implant, "2026-01-10"), Implant(Guid.NewGuid(), "2026-01-10"));
        Assert.DoesNotContain(AlertsOn(patient, "2026-06-07"), a => a.Kind == AlertKind.ImplantExpiring);
        Assert.Equal(D("2026-06-08"), Assert.Single(AlertsOn(patient, "2026-06-08"), a => a.Kind == AlertKind.ImplantExpiring).Since);
    }

    // --- building patients from events ---

    private static readonly Guid Id = Guid.NewGuid();

    private static Patient Patient(params object[] events) => HistorySimulator.Fold(events);

    private static IReadOnlyList<Alert> AlertsOn(Patient patient, string asOf) =>
        Alerts.On(AlertInputs.AsOf(patient.Episodes.AsOf(D(asOf)), patient.CounselingFrequency, D(asOf)), D(asOf), Settings);

    private static PatientEnrolled Enrolled(string on) => new(Id, TreatmentProgram.Oud, D(on), 1, CounselingFrequency.Weekly, null);

    private static MedicationPlanSet Plan(MedicationForm form, string startOn) => new(Id, 1, form, D(startOn), null, null, null, null);

    private static OralDoseTaken Oral(string on, int mg) => new(Id, 1, Guid.NewGuid(), D(on), mg, true);

    private static InjectionAdministered Injection(string on) =>
        new(Id, 1, Guid.NewGuid(), D(on), 380, InjectionSite.LeftGluteal, null, false, null);

    private static ImplantInserted Implant(Guid implant, string on) => new(Id, 1, implant, D(on), "NTX-implant", Coverage.DefaultImplantCoverageDays);
}
