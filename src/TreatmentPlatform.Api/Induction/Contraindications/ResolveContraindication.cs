using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Induction.Contraindications;

public sealed record ResolveContraindication(DateOnly? ResolvedOn, long? ExpectedVersion);

public static class ResolveContraindicationEndpoint
{
    public static ProblemDetails Validate(ResolveContraindication request) =>
        new InputErrors().Required(request.ResolvedOn, "resolvedOn").ToProblem();

    [WolverinePost("/api/patients/{id}/contraindications/{contraindicationId}/resolution")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid contraindicationId, ResolveContraindication request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var resolvedOn = request.ResolvedOn!.Value;
            var noted = c.State.Contraindications.FirstOrDefault(x => x.Id == contraindicationId);
            var problem = noted is null
                ? Problems.NotFound("contraindication")
                : PatientRules.Ending("contraindication", noted.ResolvedOn, resolvedOn, noted.NotedOn, "resolvedOn", c.Today);
            return problem is not null ? Decision.Refuse(problem) : Decision.Append(new ContraindicationResolved(id, contraindicationId, resolvedOn));
        }, p => new VersionResponse(p.Version), ct);
}
