using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Induction.Verifying;

public sealed record RecordOpioidFreeVerification(
    DateOnly? VerifiedOn, VerificationMethod? Method, VerificationResult? Result,
    DateOnly? LastOpioidUseOn, OpioidKind? LastOpioidKind, long? ExpectedVersion);

public static class RecordOpioidFreeVerificationEndpoint
{
    public static ProblemDetails Validate(RecordOpioidFreeVerification request) => new InputErrors()
        .Required(request.VerifiedOn, "verifiedOn")
        .Required(request.Method, "method")
        .Required(request.Result, "result")
        .When(request.LastOpioidUseOn > request.VerifiedOn, "lastOpioidUseOn", "lastOpioidUseOn cannot be after verifiedOn.")
        .When(request.LastOpioidKind is not null && request.LastOpioidUseOn is null, "lastOpioidKind", "lastOpioidKind needs lastOpioidUseOn.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/opioid-free-verifications")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordOpioidFreeVerification request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    PatientRules.NotDischarged(c.State),
                    PatientRules.NotInFuture(request.VerifiedOn!.Value, "verifiedOn", c.Today)) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new OpioidFreeVerified(id, request.VerifiedOn.Value, request.Method!.Value, request.Result!.Value,
                        request.LastOpioidUseOn, request.LastOpioidKind)),
            p => new VersionResponse(p.Version), ct);
}
