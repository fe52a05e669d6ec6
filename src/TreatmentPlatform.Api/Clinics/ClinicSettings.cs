namespace TreatmentPlatform.Clinics;

/// <summary>
/// A clinic's policy numbers (defaults in docs/clinical-rules.md#clinic-settings). One document per clinic (tenant).
/// </summary>
public sealed record ClinicSettings
{
    public const string DocumentId = "settings";

    public string Id { get; init; } = DocumentId;
    public string TimeZone { get; init; } = "America/New_York";
    public decimal PdcThreshold { get; init; } = 0.80m;
    public decimal CounselingThreshold { get; init; } = 0.75m;
    public int InductionPendingDays { get; init; } = 14;
    public int InjectionDueWindowDays { get; init; } = 7;
    public int ImplantExpiringWindowDays { get; init; } = 30;
    public int InactiveDays { get; init; } = 30;
    public decimal CounselingOverdueFactor { get; init; } = 1.5m;
    public int ContinuityGapDays { get; init; } = 8;
    public int ContinuitySpanDays { get; init; } = 180;
    /// <summary>
    /// The URI naming the clinic's MRN assignment (FHIR Identifier.system), e.g. the clinic's own
    /// OID or web address. Null: <see cref="MrnSystemOf"/> gives a URN from the clinic's id.
    /// </summary>
    public string? MrnSystem { get; init; }

    public string MrnSystemOf(string clinic) => MrnSystem ?? $"urn:treatmentplatform:clinic:{Uri.EscapeDataString(clinic)}:mrn";

    public static readonly ClinicSettings Default = new();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
