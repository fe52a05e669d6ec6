namespace TreatmentPlatform.Outcomes;

public sealed record CravingAssessed(Guid PatientId, int Episode, Guid AssessmentId, DateOnly AssessedOn, CravingSubstance Substance, int Score);

public sealed record SubstanceUseChecked(
    Guid PatientId, int Episode, Guid CheckId, DateOnly CheckedOn, CheckMethod Method, CheckedSubstance Substance, CheckResult Result);

public sealed record AdverseEventReported(
    Guid PatientId, int Episode, Guid EventId, DateOnly OnsetOn, AdverseEventKind Kind, AdverseEventSeverity Severity, DateOnly? ResolvedOn);

public sealed record AdverseEventResolved(Guid PatientId, Guid EventId, DateOnly ResolvedOn);

/// <summary>An assessment, check or adverse event recorded by mistake: it stops counting; the record stays.</summary>
public sealed record OutcomeEnteredInError(Guid PatientId, Guid RecordId, string Reason);
