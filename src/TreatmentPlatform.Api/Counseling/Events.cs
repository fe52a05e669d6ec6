namespace TreatmentPlatform.Counseling;

public sealed record CounselingSessionRecorded(
    Guid PatientId, int Episode, Guid SessionId, Guid CounselorId, DateOnly HeldOn, int Minutes,
    SessionModality Modality, SessionOutcome Outcome);

/// <summary>A correction to a recorded session (appended; the original stays in the history).</summary>
public sealed record CounselingSessionCorrected(
    Guid PatientId, Guid SessionId, DateOnly HeldOn, int Minutes, SessionModality Modality, SessionOutcome Outcome, string Reason);
