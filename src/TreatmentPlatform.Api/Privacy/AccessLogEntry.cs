namespace TreatmentPlatform.Privacy;

/// <summary>One access to a patient's record (HIPAA access log). Never updated or deleted.</summary>
public sealed record AccessLogEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid UserId { get; init; }
    public string Role { get; init; } = "";
    public string Clinic { get; init; } = "";
    public string Method { get; init; } = "";
    public string Route { get; init; } = "";
    public Guid PatientId { get; init; }
}
