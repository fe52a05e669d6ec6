using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Patients.Discharging;

public sealed record DischargePatient(DateOnly? DischargedOn, DischargeReason? Reason, long? ExpectedVersion);

public sealed record DischargeResponse(long Version, int Episode, DateOnly DischargedOn, int TedsCode, int LengthOfStayDays);

public static class DischargePatientEndpoint
{
    public static ProblemDetails Validate(DischargePatient request) => new InputErrors()
        .Required(request.DischargedOn, "dischargedOn")
        .Required(request.Reason, "reason")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/discharge")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DischargeResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, DischargePatient request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    c.State.IsDischarged
                        ? Problems.Conflict("already-discharged", $"Episode {c.State.Episode} was already discharged on {PatientRules.Day(c.State.DischargedOn!.Value)}.")
                        : null,
                    PatientRules.NotInFuture(request.DischargedOn!.Value, "dischargedOn", c.Today),
                    PatientRules.NotBeforeEnrollment(request.DischargedOn.Value, "dischargedOn", c.State),
                    Discharge.NotBeforeLastService(c.State, request.DischargedOn.Value)) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new PatientDischarged(id, c.State.Episode, request.DischargedOn.Value, request.Reason!.Value)),
            p => new DischargeResponse(p.Version, p.Episode, p.DischargedOn!.Value, (int)p.DischargeReason!.Value,
                p.DischargedOn.Value.DayNumber - p.EnrolledOn.DayNumber), ct);
}
