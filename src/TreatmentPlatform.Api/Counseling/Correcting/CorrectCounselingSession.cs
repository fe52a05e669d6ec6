using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Counseling.Correcting;

/// <summary>Fields left out keep their recorded value.</summary>
public sealed record CorrectCounselingSession(
    DateOnly? HeldOn, int? Minutes, SessionModality? Modality, SessionOutcome? Outcome, string? Reason, long? ExpectedVersion);

public static class CorrectCounselingSessionEndpoint
{
    public static ProblemDetails Validate(CorrectCounselingSession request) => new InputErrors()
        .Required(request.Reason, "reason", 500)
        .When(request.Minutes is < 0 or > 480, "minutes", "minutes must be 0–480.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/counseling-sessions/{sessionId}/correction")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid sessionId, CorrectCounselingSession request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var session = c.History!.FindSession(sessionId);
            if (session is null) return Decision.Refuse(Problems.NotFound("counseling session"));
            var heldOn = request.HeldOn ?? session.HeldOn;
            var problem = PatientRules.First(
                PatientRules.NotInFuture(heldOn, "heldOn", c.Today),
                c.History.Episodes.First(e => e.Sessions.Contains(session)).EnrolledOn > heldOn
                    ? Problems.Invalid("heldOn", "heldOn cannot be before the episode's enrollment.")
                    : null);
            return problem is not null
                ? Decision.Refuse(problem)
                : Decision.Append(new CounselingSessionCorrected(id, sessionId, heldOn, request.Minutes ?? session.Minutes,
                    request.Modality ?? session.Modality, request.Outcome ?? session.Outcome, request.Reason!.Trim()));
        }, p => new VersionResponse(p.Version), ct, needsHistory: _ => true);
}
