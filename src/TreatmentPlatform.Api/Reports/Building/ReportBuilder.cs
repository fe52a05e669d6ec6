using TreatmentPlatform.Adherence;
using TreatmentPlatform.Adherence.Reading;
using TreatmentPlatform.Care;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Reports.Building;

/// <summary>The reports (docs/clinical-rules.md#reports) as pure functions over the clinic's read models.</summary>
public static class ReportBuilder
{
    public static ClinicReport Build(ReportKind kind, IReadOnlyList<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings settings)
    {
        // Rows: every patient with an episode overlapping the period, in a stable order.
        var inPeriod = patients.Where(p => p.Episodes.Any(e => Overlaps(e, from, to))).OrderBy(p => p.Id).ToList();
        return kind switch
        {
            ReportKind.Adherence => Adherence(inPeriod, from, to, settings),
            ReportKind.Retention => Retention(patients, from, to),
            ReportKind.MedicationPlusCounseling => MedicationPlusCounseling(inPeriod, from, to, settings),
            ReportKind.Continuity => Continuity(inPeriod, from, to, settings),
            ReportKind.Discharges => Discharges(patients, from, to),
            _ => Outcomes(inPeriod, from, to, settings),
        };
    }

    public static bool Overlaps(EpisodeSummary e, DateOnly from, DateOnly to) => e.EnrolledOn <= to && (e.DischargedOn is null || e.DischargedOn >= from);

    private static AdherenceMeasure Measure(TreatmentSummary p, DateOnly from, DateOnly to, ClinicSettings s) =>
        Coverage.Measure(p.Episodes.Select(e => e.ToCoverage()).ToList(), from, to, s.ContinuityGapDays);

    private static List<string> FormNames(IEnumerable<MedicationForm> forms) => forms.Select(f => f switch
    {
        MedicationForm.Oral => "oral",
        MedicationForm.Injectable => "injectable",
        _ => "implant",
    }).ToList();

    private static ClinicReport Adherence(List<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings s)
    {
        var rows = patients.Select(p =>
        {
            var m = Measure(p, from, to, s);
            return new AdherenceRow(p.Id, FormNames(m.FormsInPeriod), m.TreatmentDays, m.CoveredDays, Round(m.Pdc), Combined.MedicationAdherent(m.Pdc, s.PdcThreshold));
        }).ToList();

        AdherenceTotal Total(string group, IReadOnlyList<AdherenceRow> members)
        {
            var treated = members.Where(r => r.TreatmentDays > 0).ToList();
            return new AdherenceTotal(group, treated.Count,
                treated.Count == 0 ? null : Round((double)treated.Count(r => r.Adherent) / treated.Count),
                treated.Count == 0 ? null : Round(treated.Average(r => r.Pdc!.Value)));
        }
        var totals = new List<AdherenceTotal> { Total("overall", rows) };
        totals.AddRange(FormNames(Enum.GetValues<MedicationForm>()).Select(form => Total(form, rows.Where(r => r.Forms.Contains(form)).ToList())));
        return Report(ReportKind.Adherence, from, to, rows, totals);
    }

    private static ClinicReport Retention(IReadOnlyList<TreatmentSummary> patients, DateOnly from, DateOnly to)
    {
        bool? Retained(EpisodeSummary e, int days) => e.EnrolledOn.AddDays(days) > to ? null
            : e.DischargedOn is null || e.DischargedOn >= e.EnrolledOn.AddDays(days);

        var rows = patients.SelectMany(p => p.Episodes.Where(e => e.EnrolledOn >= from && e.EnrolledOn <= to)
                .Select(e => new RetentionRow(p.Id, e.Number, e.EnrolledOn, Month(e.EnrolledOn), Retained(e, 30), Retained(e, 90), Retained(e, 180))))
            .OrderBy(r => r.EnrolledOn).ThenBy(r => r.PatientId).ThenBy(r => r.Episode).ToList();
        var totals = rows.GroupBy(r => r.EnrollmentMonth).OrderBy(g => g.Key).Select(g => new RetentionTotal(g.Key, g.Count(),
            Share(g.Select(r => r.Retained30)), Share(g.Select(r => r.Retained90)), Share(g.Select(r => r.Retained180)))).ToList();
        return Report(ReportKind.Retention, from, to, rows, totals);
    }

    private static List<(TreatmentSummary Patient, AdherenceResponse Measure)> Statuses(List<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings s) =>
        patients.Select(p => (p, GetAdherenceEndpoint.Measure(p.Episodes, p.CounselingFrequency, from, to, s, p.Version, withDays: false))).ToList();

    private static ClinicReport MedicationPlusCounseling(List<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings s)
    {
        var rows = Statuses(patients, from, to, s).Select(x => new CombinedRow(x.Patient.Id, x.Measure.Pdc, x.Measure.Counseling.Adherence, x.Measure.Status)).ToList();
        var totals = Enum.GetValues<CombinedStatus>().Select(status => new CombinedTotal(status, rows.Count(r => r.Status == status),
            rows.Count == 0 ? null : Round((double)rows.Count(r => r.Status == status) / rows.Count))).ToList();
        return Report(ReportKind.MedicationPlusCounseling, from, to, rows, totals);
    }

    private static ClinicReport Continuity(List<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings s)
    {
        var rows = patients.Select(p =>
        {
            var m = Measure(p, from, to, s);
            return new ContinuityRow(p.Id, FormNames(m.FormsInPeriod), m.LongestSpanDays, m.LongestSpanDays >= s.ContinuitySpanDays);
        }).ToList();
        var totals = FormNames(Enum.GetValues<MedicationForm>()).Select(form =>
        {
            var members = rows.Where(r => r.Forms.Contains(form)).ToList();
            return new ContinuityTotal(form, members.Count, members.Count(r => r.MeetsSpan));
        }).ToList();
        return Report(ReportKind.Continuity, from, to, rows, totals);
    }

    private static ClinicReport Discharges(IReadOnlyList<TreatmentSummary> patients, DateOnly from, DateOnly to)
    {
        var rows = patients.SelectMany(p => p.Episodes
                .Where(e => e.DischargedOn is { } d && d >= from && d <= to)
                .Select(e => new DischargeRow(p.Id, e.Number, e.EnrolledOn, e.DischargedOn!.Value, e.DischargedOn.Value.DayNumber - e.EnrolledOn.DayNumber,
                    (int)e.DischargeReason!.Value, e.DischargeReason.Value, e.LastServiceOn() ?? e.EnrolledOn)))
            .OrderBy(r => r.DischargedOn).ThenBy(r => r.PatientId).ToList();
        var totals = Enum.GetValues<DischargeReason>().Select(reason => new DischargeTotal((int)reason, reason, rows.Count(r => r.Reason == reason))).ToList();
        return Report(ReportKind.Discharges, from, to, rows, totals);
    }

    private static ClinicReport Outcomes(List<TreatmentSummary> patients, DateOnly from, DateOnly to, ClinicSettings s)
    {
        var measured = Statuses(patients, from, to, s).Select(x => (x.Measure.Status, x.Measure.DaysInPeriod, Outcome: OutcomeMeasure.For(x.Patient.Episodes, from, to))).ToList();
        OutcomeGroupRow Group(string group, IReadOnlyList<(CombinedStatus Status, int DaysInPeriod, OutcomeSummary Outcome)> members)
        {
            double? MeanChange(CravingSubstance substance)
            {
                var changes = members.SelectMany(m => m.Outcome.Cravings).Where(c => c.Substance == substance && c.Change is not null).Select(c => (double)c.Change!.Value).ToList();
                return changes.Count == 0 ? null : Round(changes.Average());
            }
            var checks = members.Sum(m => m.Outcome.Checks.Total);
            var negative = members.Sum(m => m.Outcome.Checks.Negative);
            var treatmentDays = members.Sum(m => m.DaysInPeriod);
            var adverse = members.Sum(m => m.Outcome.AdverseEvents.Count(a => a.OnsetOn >= from && a.OnsetOn <= to));
            return new OutcomeGroupRow(group, members.Count, MeanChange(CravingSubstance.Opioids), MeanChange(CravingSubstance.Alcohol),
                checks == 0 ? null : Round((double)negative / checks),
                treatmentDays == 0 ? null : Round(100.0 * adverse / treatmentDays));
        }
        var rows = Enum.GetValues<CombinedStatus>().Select(status => Group(StatusName(status), measured.Where(m => m.Status == status).ToList())).ToList();
        return Report(ReportKind.Outcomes, from, to, rows, [Group("overall", measured)]);
    }

    private static ClinicReport Report<TRow, TTotal>(ReportKind kind, DateOnly from, DateOnly to, IReadOnlyList<TRow> rows, IReadOnlyList<TTotal> totals)
        where TRow : notnull where TTotal : notnull =>
        new(kind, from, to, rows.Cast<object>().ToList(), totals.Cast<object>().ToList()) { RowType = typeof(TRow), TotalType = typeof(TTotal) };

    private static string StatusName(CombinedStatus status) => status switch
    {
        CombinedStatus.Combined => "combined",
        CombinedStatus.MedicationOnly => "medication-only",
        CombinedStatus.CounselingOnly => "counseling-only",
        _ => "neither",
    };

    private static string Month(DateOnly d) => $"{d.Year:D4}-{d.Month:D2}";

    private static double? Share(IEnumerable<bool?> values)
    {
        var counted = values.Where(v => v is not null).ToList();
        return counted.Count == 0 ? null : Round((double)counted.Count(v => v == true) / counted.Count);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
