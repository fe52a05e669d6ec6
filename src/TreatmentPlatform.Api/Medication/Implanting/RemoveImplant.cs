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
            var implant = c.Patient.CurrentEpisode.Supplies.FirstOrDefault(s => s.Id == implantId && s.Form == MedicationForm.Implant);
            var problem = implant is null
                ? Problems.NotFound("implant in the current episode")
                : PatientRules.First(
                    PatientRules.NotDischarged(c.Patient),
                    PatientRules.Ending("implant", implant.RemovedOn, on, implant.Date, "removedOn", c.Today));
            return problem is not null
                ? Decision.Refuse(problem)
                : Decision.Append(new ImplantRemoved(id, c.Patient.Episode, implantId, on, request.Reason?.Trim()));
        }, p => new CoverageResponse(p.Version, p.CoverageEndsOn), ct);
}
