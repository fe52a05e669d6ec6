using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes;

/// <summary>Outcome records are dated within the episode: not in the future, not before enrollment (400).</summary>
public static class OutcomeRules
{
    public static IResult? Dated(PatientState patient, DateOnly date, string field, DateOnly today) => PatientRules.First(
        PatientRules.NotDischarged(patient),
        PatientRules.NotInFuture(date, field, today),
        PatientRules.NotBeforeEnrollment(date, field, patient));
}

public sealed record OutcomeRecordedResponse(Guid Id, long Version);
