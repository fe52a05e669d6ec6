namespace TreatmentPlatform.Patients.Reading;

/// <summary>The patient as the HTTP contract shows it (docs/http-api.md): the record joined with the demographics.</summary>
public sealed record PatientView(
    Guid Id, string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Mrn, Sex? Sex,
    TreatmentProgram Program, PatientStatus Status, int Episode, DateOnly EnrolledOn,
    DateOnly? DischargedOn, DischargeReason? DischargeReason, Guid? CounselorId,
    CounselingFrequency CounselingFrequency, Medication.MedicationPlanRecord? MedicationPlan, DateOnly? CoverageEndsOn, long Version)
{
    public static PatientView From(PatientState patient, PatientDemographics? person) => new(
        patient.Id, person?.FirstName, person?.LastName, person?.DateOfBirth, person?.Mrn, person?.Sex,
        patient.Program, patient.Status, patient.Episode, patient.EnrolledOn,
        patient.DischargedOn, patient.DischargeReason, patient.CounselorId,
        patient.CounselingFrequency, patient.MedicationPlan, patient.CoverageEndsOn, patient.Version);
}
