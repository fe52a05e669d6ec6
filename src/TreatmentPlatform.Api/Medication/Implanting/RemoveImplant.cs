using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication.Implanting;

public sealed record RemoveImplant(DateOnly? RemovedOn, string? Reason, long? ExpectedVersion);

public static class RemoveImplantEndpoint
{
    public static ProblemDetails Validate(RemoveImplant request) => new InputErrors()
        .Required(request.RemovedOn, "removedOn")
        .Optional(request.Reason, "reason", 500)
        .ToProblem();

    [WolverinePost("/api/patients/{id}/implants/{implantId}/removal")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CoverageResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid implantId, RemoveImplant request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var on = request.RemovedOn!.Value;
            // Open implants are in the state; a removed one (already-removed, 409) is found in the history.
            var open = c.State.OpenImplants.Find(i => i.Id == implantId);
            var implant = open is null ? c.History?.CurrentEpisode.Supplies.Find(s => s.Id == implantId && s.Form == MedicationForm.Implant) : null;
            var problem = open is null && implant is null
                ? Problems.NotFound("implant in the current episode")
                : PatientRules.First(
                    PatientRules.NotDischarged(c.State),
                    PatientRules.Ending("implant", implant?.RemovedOn, on, open?.InsertedOn ?? implant!.Date, "removedOn", c.Today));
            return problem is not null
                ? Decision.Refuse(problem)
                : Decision.Append(new ImplantRemoved(id, c.State.Episode, implantId, on, request.Reason?.Trim()));
        }, p => new CoverageResponse(p.Version, p.CoverageEndsOn), ct, needsHistory: s => !s.OpenImplants.Exists(i => i.Id == implantId));
}
