using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Planning;

public sealed record SetMedicationPlan(
    MedicationForm? Form, DateOnly? StartOn, int? DoseMg, OralSchedule? Schedule, int? CoverageDays, string? Product,
    string? DoseOverrideReason, long? ExpectedVersion) : IPatientCommand;

public sealed record MedicationPlanResponse(long Version, MedicationPlanRecord MedicationPlan, DateOnly? CoverageEndsOn);

public static class SetMedicationPlanEndpoint
{
    public static ProblemDetails Validate(SetMedicationPlan request)
    {
        var errors = new InputErrors()
            .Required(request.Form, "form")
            .Required(request.StartOn, "startOn")
            .Optional(request.Product, "product", 100)
            .Optional(request.DoseOverrideReason, "doseOverrideReason", 500)
            .When(request.Schedule is not null && request.Form is not MedicationForm.Oral, "schedule", "schedule applies to oral plans only.")
            .When(request.CoverageDays is not null && request.Form is not MedicationForm.Implant, "coverageDays", "coverageDays applies to implant plans only.")
            .When(request.CoverageDays is < 1 or > 365, "coverageDays", "coverageDays must be 1–365.");
        if (request is { Form: MedicationForm.Oral, DoseMg: { } oral } && !Regimen.OralDoses(request.Schedule ?? OralSchedule.Daily).Contains(oral))
            errors.Add("doseMg", $"A {Describe(request.Schedule ?? OralSchedule.Daily)} oral plan allows {string.Join(", ", Regimen.OralDoses(request.Schedule ?? OralSchedule.Daily))} mg.");
        if (request is { Form: MedicationForm.Injectable, DoseMg: { } injected } && injected != Regimen.InjectionDoseMg && string.IsNullOrWhiteSpace(request.DoseOverrideReason))
            errors.Add("doseMg", $"Extended-release injections are {Regimen.InjectionDoseMg} mg; give doseOverrideReason for another dose.");
        errors.When(request is { Form: MedicationForm.Injectable, DoseMg: < 1 or > 1000 }, "doseMg", "doseMg must be 1–1000.");
        return errors.ToProblem();
    }

    public static IResult Before(SetMedicationPlan request, PatientState patient)
    {
        var startOn = request.StartOn!.Value;
        var current = patient.MedicationPlan;
        if (PatientRules.First(
                PatientRules.NotDischarged(patient),
                PatientRules.NotBeforeEnrollment(startOn, "startOn", patient),
                current is not null && startOn < current.StartOn
                    ? Problems.Invalid("startOn", $"startOn cannot be before the current plan's start on {PatientRules.Day(current.StartOn)}.")
                    : null) is { } problem)
            return problem;

        // Induction is checked when a plan starts or changes form, not when the dose or schedule changes.
        if (current is not null && current.Form == request.Form) return WolverineContinue.Result();
        var induction = InductionRules.Check(startOn, patient.Verifications,
            patient.Contraindications.Select(x => x.ToRule()).ToList(), patient.Hepatotoxicity);
        return induction.Allowed ? WolverineContinue.Result() : Problems.Conflict(induction.Title!, induction.Detail ?? induction.Title!);
    }

    [WolverinePut("/api/patients/{id}/medication-plan")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<MedicationPlanResponse>(StatusCodes.Status200OK)]
    public static Task<(MedicationPlanResponse, Events)> Put(SetMedicationPlan request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct)
    {
        var form = request.Form!.Value;
        var schedule = form == MedicationForm.Oral ? request.Schedule ?? OralSchedule.Daily : (OralSchedule?)null;
        var dose = form switch
        {
            MedicationForm.Oral => request.DoseMg ?? Regimen.DefaultOralDose(schedule!.Value),
            MedicationForm.Injectable => request.DoseMg ?? Regimen.InjectionDoseMg,
            _ => (int?)null,
        };
        var coverageDays = form == MedicationForm.Implant ? request.CoverageDays ?? Coverage.DefaultImplantCoverageDays : (int?)null;
        var plan = new MedicationPlanSet(patient.Id, patient.Episode, form, request.StartOn!.Value, dose, schedule, coverageDays, request.Product?.Trim());
        return PatientChange.Respond(session, patient, [plan], after => new MedicationPlanResponse(after.Version, after.MedicationPlan!, after.CoverageEndsOn), ct);
    }

    private static string Describe(OralSchedule schedule) => schedule switch
    {
        OralSchedule.EveryOtherDay => "every-other-day",
        OralSchedule.EveryThirdDay => "every-third-day",
        OralSchedule.MonWedFri => "mon-wed-fri",
        _ => "daily",
    };
}
