using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Dosing;

public sealed record RecordOralDose(DateOnly? TakenOn, int? DoseMg, bool? Observed, long? ExpectedVersion) : IPatientCommand;

public sealed record OralDoseResponse(Guid DoseId, long Version, DateOnly? CoverageEndsOn);

public static class RecordOralDoseEndpoint
{
    public static ProblemDetails Validate(RecordOralDose request) => new InputErrors()
        .Required(request.TakenOn, "takenOn")
        .Required(request.DoseMg, "doseMg")
        .When(request.DoseMg is < 25 or > 150, "doseMg", "Oral naltrexone doses are 25–150 mg.")
        .ToProblem();

    public static IResult Before(RecordOralDose request, PatientState patient, ClinicDay day)
    {
        var takenOn = request.TakenOn!.Value;
        if (PatientRules.First(
                MedicationRules.ServiceDate(patient, takenOn, "takenOn", day.Today),
                MedicationRules.PlanAllows(patient, takenOn, MedicationForm.Oral)) is { } problem)
            return problem;
        var schedule = patient.PlanOn(takenOn)!.Schedule ?? OralSchedule.Daily;
        return Regimen.OralDoses(schedule).Contains(request.DoseMg!.Value)
            ? WolverineContinue.Result()
            : Problems.Invalid("doseMg", $"The {schedule} schedule allows {string.Join(", ", Regimen.OralDoses(schedule))} mg.");
    }

    [WolverinePost("/api/patients/{id}/doses")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<OralDoseResponse>(StatusCodes.Status200OK)]
    public static Task<(OralDoseResponse, Events)> Post(RecordOralDose request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct)
    {
        var dose = new OralDoseTaken(patient.Id, patient.Episode, Guid.CreateVersion7(), request.TakenOn!.Value, request.DoseMg!.Value, request.Observed ?? false);
        return PatientChange.Respond(session, patient, [dose], after => new OralDoseResponse(dose.DoseId, after.Version, after.CoverageEndsOn), ct);
    }
}
