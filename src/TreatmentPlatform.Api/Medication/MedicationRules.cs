using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication;

/// <summary>Checks shared by the administrations: dates (400) and the plan in effect (409).</summary>
public static class MedicationRules
{
    public static IResult? ServiceDate(PatientState patient, DateOnly date, string field, DateOnly today) => PatientRules.First(
        PatientRules.NotDischarged(patient),
        PatientRules.NotInFuture(date, field, today),
        PatientRules.NotBeforeEnrollment(date, field, patient));

    /// <summary>The plan in effect on the day must be of the administration's form.</summary>
    public static IResult? PlanAllows(PatientState patient, DateOnly date, MedicationForm form)
    {
        var plan = patient.PlanOn(date);
        if (plan is null)
            return Problems.Conflict("no-medication-plan",
                $"No medication plan is in effect on {PatientRules.Day(date)}; set a {form.Name()} plan starting on or before that day first.");
        return plan.Form != form
            ? Problems.Conflict("form-mismatch",
                $"The plan in effect on {PatientRules.Day(date)} is {plan.Form.Name()}, not {form.Name()}; change the plan first.")
            : null;
    }
}

public sealed record CoverageResponse(long Version, DateOnly? CoverageEndsOn);
