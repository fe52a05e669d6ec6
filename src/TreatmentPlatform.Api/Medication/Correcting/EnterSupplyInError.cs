using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication.Correcting;

public sealed record EnterSupplyInError(string? Reason, long? ExpectedVersion);

/// <summary>
/// A dose, injection or implant recorded by mistake is corrected by an appended event: it stops
/// counting for coverage, and the history keeps both.
/// </summary>
public static class EnterSupplyInErrorEndpoint
{
    public static ProblemDetails Validate(EnterSupplyInError request) => new InputErrors().Required(request.Reason, "reason", 500).ToProblem();

    [WolverinePost("/api/patients/{id}/supplies/{supplyId}/entered-in-error")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CoverageResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid supplyId, EnterSupplyInError request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                c.History!.FindSupply(supplyId) is null
                    ? Decision.Refuse(Problems.NotFound("dose, injection or implant"))
                    : Decision.Append(new SupplyEnteredInError(id, supplyId, request.Reason!.Trim())),
            p => new CoverageResponse(p.Version, p.CoverageEndsOn), ct, needsHistory: _ => true);
}
