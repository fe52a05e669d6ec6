namespace TreatmentPlatform.Patients;

/// <summary>
/// The patient's treatment record, folded from their event stream. Marten keeps it inline as
/// the per-patient read model document used by reads, lists and the worklist.
/// </summary>
public sealed record Patient
{
    public Guid Id { get; init; }

    /// <summary>The stream version, set by Marten.</summary>
    public long Version { get; set; }

    public TreatmentProgram Program { get; init; }
    public PatientStatus Status { get; init; }
    public int Episode { get; init; }
    public DateOnly EnrolledOn { get; init; }
    public Guid? CounselorId { get; init; }
    public CounselingFrequency CounselingFrequency { get; init; }

    public static Patient Create(PatientEnrolled e) => new()
    {
        Id = e.PatientId,
        Program = e.Program,
        Status = PatientStatus.Enrolled,
        Episode = e.Episode,
        EnrolledOn = e.EnrolledOn,
        CounselorId = e.CounselorId,
        CounselingFrequency = e.CounselingFrequency,
    };
}
