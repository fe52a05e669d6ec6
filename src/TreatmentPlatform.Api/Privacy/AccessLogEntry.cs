namespace TreatmentPlatform.Privacy;

/// <summary>
/// One access to patients' records (HIPAA access log): one patient's route names it in
/// <see cref="PatientId"/>; a read of many (the list, a caseload, the worklist, a report with rows)
/// names every patient it returned in <see cref="PatientIds"/>. Never updated or deleted.
/// </summary>
public sealed record AccessLogEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid UserId { get; init; }
    public string Role { get; init; } = "";
    public string Clinic { get; init; } = "";
    public string Method { get; init; } = "";
    public string Route { get; init; } = "";
    public Guid? PatientId { get; init; }
    public IReadOnlyList<Guid> PatientIds { get; init; } = [];
}
