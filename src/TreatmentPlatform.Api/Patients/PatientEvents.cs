using TreatmentPlatform.Counseling;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Privacy.Consents;

namespace TreatmentPlatform.Patients;

/// <summary>
/// Every event a patient's stream can hold: the one place they are registered with the store.
/// Their stored names (snake_case of the type name) and shapes are kept readable forever
/// (docs/architecture.md, "Upgrades").
/// </summary>
public static class PatientEvents
{
    public static readonly Type[] All =
    [
        typeof(PatientEnrolled),
        typeof(OpioidFreeVerified),
        typeof(ContraindicationNoted),
        typeof(ContraindicationResolved),
        typeof(CounselorAssigned),
        typeof(CounselingFrequencySet),
        typeof(PatientDischarged),
        typeof(PatientReadmitted),
        typeof(DemographicsCorrected),
        typeof(DemographicsErased),
        typeof(MedicationPlanSet),
        typeof(OralDoseTaken),
        typeof(InjectionAdministered),
        typeof(ImplantInserted),
        typeof(ImplantRemoved),
        typeof(SupplyEnteredInError),
        typeof(CounselingSessionRecorded),
        typeof(CounselingSessionCorrected),
        typeof(CravingAssessed),
        typeof(SubstanceUseChecked),
        typeof(AdverseEventReported),
        typeof(AdverseEventResolved),
        typeof(OutcomeEnteredInError),
        typeof(ConsentGranted),
        typeof(ConsentRevoked),
        typeof(RecordDisclosed),
    ];
}
