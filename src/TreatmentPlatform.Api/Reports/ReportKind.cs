namespace TreatmentPlatform.Reports;

public enum ReportKind { Adherence, Retention, MedicationPlusCounseling, Continuity, Discharges, Outcomes }

public static class ReportKinds
{
    public static bool TryParse(string value, out ReportKind kind)
    {
        kind = value switch
        {
            "adherence" => ReportKind.Adherence,
            "retention" => ReportKind.Retention,
            "medication-plus-counseling" => ReportKind.MedicationPlusCounseling,
            "continuity" => ReportKind.Continuity,
            "discharges" => ReportKind.Discharges,
            "outcomes" => ReportKind.Outcomes,
            _ => (ReportKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    public const string Names = "adherence, retention, medication-plus-counseling, continuity, discharges, outcomes";
}

/// <summary>A report for one clinic and period: per-patient (or per-episode) rows and clinic totals.</summary>
public sealed record ClinicReport(ReportKind Kind, DateOnly From, DateOnly To, IReadOnlyList<object> Rows, IReadOnlyList<object> Totals)
{
    [System.Text.Json.Serialization.JsonIgnore] public Type RowType { get; init; } = typeof(object);
    [System.Text.Json.Serialization.JsonIgnore] public Type TotalType { get; init; } = typeof(object);

    /// <summary>The patients the rows name (none for the outcomes report, whose rows are groups).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IEnumerable<Guid> PatientIds => Rows.OfType<Building.IPatientRow>().Select(r => r.PatientId);
}
