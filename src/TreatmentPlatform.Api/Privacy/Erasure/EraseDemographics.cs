using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Privacy.Erasure;

public sealed record EraseDemographics(string? Basis, long? ExpectedVersion);

/// <summary>
/// Deletes the patient's identifiers on a lawful request. The events never held them, so the
/// treatment record, history and reports stay intact, now without a name.
/// </summary>
public static class EraseDemographicsEndpoint
{
    public static ProblemDetails Validate(EraseDemographics request) => new InputErrors().Required(request.Basis, "basis", 500).ToProblem();

    [WolverinePost("/api/patients/{id}/demographics/erasure")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, EraseDemographics request, PatientCommands commands, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c => c.State.DemographicsErased
                ? Decision.Refuse(Problems.Conflict("demographics-erased", "This patient's demographics were already erased."))
                : new Decision([new DemographicsErased(id, clock.GetUtcNow(), request.Basis!.Trim())],
                    AlsoInSession: session => session.Delete<PatientDemographics>(id)),
            p => new VersionResponse(p.Version), ct);
}
