using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Counseling.Recording;

public sealed record RecordCounselingSession(
    Guid? CounselorId, DateOnly? HeldOn, int? Minutes, SessionModality? Modality, SessionOutcome? Outcome, long? ExpectedVersion);

public sealed record CounselingSessionResponse(Guid SessionId, long Version);

public static class RecordCounselingSessionEndpoint
{
    public static ProblemDetails Validate(RecordCounselingSession request) => new InputErrors()
        .Required(request.CounselorId, "counselorId")
        .Required(request.HeldOn, "heldOn")
        .Required(request.Minutes, "minutes")
        .Required(request.Modality, "modality")
        .Required(request.Outcome, "outcome")
        .When(request.Minutes is < 0 or > 480, "minutes", "minutes must be 0–480.")
        .When(request.CounselorId == Guid.Empty, "counselorId", "counselorId must be a user id.")
        .ToProblem();

    /// <summary>A counselor records sessions for their own caseload only (others are 404).</summary>
    [WolverinePost("/api/patients/{id}/counseling-sessions")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<CounselingSessionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordCounselingSession request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var sessionId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    PatientRules.NotDischarged(c.State),
                    PatientRules.NotInFuture(request.HeldOn!.Value, "heldOn", c.Today),
                    PatientRules.NotBeforeEnrollment(request.HeldOn.Value, "heldOn", c.State)) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new CounselingSessionRecorded(id, c.State.Episode, sessionId, request.CounselorId!.Value,
                        request.HeldOn.Value, request.Minutes!.Value, request.Modality!.Value, request.Outcome!.Value)),
            p => new CounselingSessionResponse(sessionId, p.Version), ct);
    }
}
