using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication.Dosing;

public sealed record RecordOralDose(DateOnly? TakenOn, int? DoseMg, bool? Observed, long? ExpectedVersion);

public sealed record OralDoseResponse(Guid DoseId, long Version, DateOnly? CoverageEndsOn);

public static class RecordOralDoseEndpoint
{
    public static ProblemDetails Validate(RecordOralDose request) => new InputErrors()
        .Required(request.TakenOn, "takenOn")
        .Required(request.DoseMg, "doseMg")
        .When(request.DoseMg is < 25 or > 150, "doseMg", "Oral naltrexone doses are 25–150 mg.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/doses")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<OralDoseResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordOralDose request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var doseId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var takenOn = request.TakenOn!.Value;
            var dose = request.DoseMg!.Value;
            var problem = PatientRules.First(
                MedicationRules.ServiceDate(c.State, takenOn, "takenOn", c.Today),
                MedicationRules.PlanAllows(c.State, takenOn, MedicationForm.Oral));
            if (problem is not null) return Decision.Refuse(problem);

            var schedule = c.State.PlanOn(takenOn)!.Schedule ?? OralSchedule.Daily;
            if (!Regimen.OralDoses(schedule).Contains(dose))
                return Decision.Refuse(Problems.Invalid("doseMg", $"The {schedule} schedule allows {string.Join(", ", Regimen.OralDoses(schedule))} mg."));
            return Decision.Append(new OralDoseTaken(id, c.State.Episode, doseId, takenOn, dose, request.Observed ?? false));
        }, p => new OralDoseResponse(doseId, p.Version, p.CoverageEndsOn), ct);
    }
}
