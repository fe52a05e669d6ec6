using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Discharging;

public sealed record DischargePatient(DateOnly? DischargedOn, DischargeReason? Reason, long? ExpectedVersion) : IPatientCommand;

public sealed record DischargeResponse(long Version, int Episode, DateOnly DischargedOn, int TedsCode, int LengthOfStayDays);

public static class DischargePatientEndpoint
{
    public static ProblemDetails Validate(DischargePatient request) => new InputErrors()
        .Required(request.DischargedOn, "dischargedOn")
        .Required(request.Reason, "reason")
        .ToProblem();

    public static IResult Before(DischargePatient request, PatientState patient, ClinicDay day) => PatientRules.First(
            patient.IsDischarged
                ? Problems.Conflict("already-discharged", $"Episode {patient.Episode} was already discharged on {PatientRules.Day(patient.DischargedOn!.Value)}.")
                : null,
            PatientRules.NotInFuture(request.DischargedOn!.Value, "dischargedOn", day.Today),
            PatientRules.NotBeforeEnrollment(request.DischargedOn.Value, "dischargedOn", patient),
            Discharge.NotBeforeLastService(patient, request.DischargedOn.Value))
        ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/discharge")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DischargeResponse>(StatusCodes.Status200OK)]
    public static Task<(DischargeResponse, Events)> Post(DischargePatient request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new PatientDischarged(patient.Id, patient.Episode, request.DischargedOn!.Value, request.Reason!.Value)],
            after => new DischargeResponse(after.Version, after.Episode, after.DischargedOn!.Value, (int)after.DischargeReason!.Value,
                after.DischargedOn.Value.DayNumber - after.EnrolledOn.DayNumber), ct);
}
