using TreatmentPlatform.Induction;

namespace TreatmentPlatform.Patients;

// Events are facts about a patient's treatment. They carry the patient id only: names, date of
// birth and MRN live in the erasable PatientDemographics document (42 CFR Part 2, HIPAA).

public sealed record PatientEnrolled(
    Guid PatientId, TreatmentProgram Program, DateOnly EnrolledOn, int Episode,
    CounselingFrequency CounselingFrequency, Guid? CounselorId);

public sealed record OpioidFreeVerified(
    Guid PatientId, DateOnly VerifiedOn, VerificationMethod Method, VerificationResult Result,
    DateOnly? LastOpioidUseOn, OpioidKind? LastOpioidKind);

public sealed record ContraindicationNoted(
    Guid PatientId, Guid ContraindicationId, ContraindicationKind Kind, DateOnly NotedOn, DateOnly? ResolvedOn);

public sealed record ContraindicationResolved(Guid PatientId, Guid ContraindicationId, DateOnly ResolvedOn);

public sealed record CounselorAssigned(Guid PatientId, Guid CounselorId, Guid? PreviousCounselorId);

public sealed record CounselingFrequencySet(Guid PatientId, CounselingFrequency CounselingFrequency);

public sealed record PatientDischarged(Guid PatientId, int Episode, DateOnly DischargedOn, DischargeReason Reason);

public sealed record PatientReadmitted(Guid PatientId, int Episode, DateOnly EnrolledOn);

/// <summary>Names the corrected fields only; the values stay in the demographics document.</summary>
public sealed record DemographicsCorrected(Guid PatientId, IReadOnlyList<string> Fields);

/// <summary>The demographics were deleted on a lawful request; the treatment record stays, without identifiers.</summary>
public sealed record DemographicsErased(Guid PatientId, DateTimeOffset ErasedAt, string Basis);
