namespace TreatmentPlatform.Counseling;

public enum SessionModality { Individual, Group, Family, Telehealth }

public enum SessionOutcome { Attended, NoShow, Cancelled }

public sealed record CounselingSessionRecord(Guid Id, Guid CounselorId, DateOnly HeldOn, int Minutes, SessionModality Modality, SessionOutcome Outcome);
