using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record EnterOutcomeInError(string? Reason, long? ExpectedVersion);

public static class EnterOutcomeInErrorEndpoint
{
    public static ProblemDetails Validate(EnterOutcomeInError request) => new InputErrors().Required(request.Reason, "reason", 500).ToProblem();

    [WolverinePost("/api/patients/{id}/outcomes/{recordId}/entered-in-error")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid recordId, EnterOutcomeInError request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                c.History!.HasOutcomeRecord(recordId)
                    ? Decision.Append(new OutcomeEnteredInError(id, recordId, request.Reason!.Trim()))
                    : Decision.Refuse(Problems.NotFound("craving assessment, substance-use check or adverse event")),
            p => new VersionResponse(p.Version), ct, needsHistory: _ => true);
}
