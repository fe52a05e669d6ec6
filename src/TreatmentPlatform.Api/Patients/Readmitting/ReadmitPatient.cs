using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Patients.Readmitting;

public sealed record ReadmitPatient(DateOnly? EnrolledOn, long? ExpectedVersion);

public sealed record ReadmissionResponse(long Version, int Episode, PatientStatus Status);

public static class ReadmitPatientEndpoint
{
    public static ProblemDetails Validate(ReadmitPatient request) => new InputErrors().Required(request.EnrolledOn, "enrolledOn").ToProblem();

    [WolverinePost("/api/patients/{id}/readmission")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ReadmissionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReadmitPatient request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    !c.State.IsDischarged
                        ? Problems.Conflict("not-discharged", $"Episode {c.State.Episode} is still open; discharge it before readmitting.")
                        : null,
                    PatientRules.NotInFuture(request.EnrolledOn!.Value, "enrolledOn", c.Today),
                    c.State.DischargedOn is { } discharged && request.EnrolledOn.Value <= discharged
                        ? Problems.Invalid("enrolledOn", $"enrolledOn must be after the last discharge on {PatientRules.Day(discharged)}.")
                        : null) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new PatientReadmitted(id, c.State.Episode + 1, request.EnrolledOn.Value)),
            p => new ReadmissionResponse(p.Version, p.Episode, p.Status), ct);
}
