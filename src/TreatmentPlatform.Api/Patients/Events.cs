namespace TreatmentPlatform.Patients;

// Events are facts about a patient's treatment. They carry the patient id only: names, date of
// birth and MRN live in the erasable PatientDemographics document (42 CFR Part 2, HIPAA).

public sealed record PatientEnrolled(
    Guid PatientId, TreatmentProgram Program, DateOnly EnrolledOn, int Episode,
    CounselingFrequency CounselingFrequency, Guid? CounselorId);
