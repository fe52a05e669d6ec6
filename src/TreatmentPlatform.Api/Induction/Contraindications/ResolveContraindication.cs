using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Platform;
using TreatmentPlatform.Platform.Auth;
using Wolverine.Http;

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
            var noted = c.Patient.Contraindications.FirstOrDefault(x => x.Id == contraindicationId);
            var problem = noted is null
                ? Problems.NotFound("contraindication")
                : PatientRules.First(
                    noted.ResolvedOn is { } already
                        ? Problems.Conflict("already-resolved", $"This contraindication was resolved on {PatientRules.Day(already)}.")
                        : null,
                    PatientRules.NotInFuture(resolvedOn, "resolvedOn", c.Today),
                    resolvedOn < noted.NotedOn
                        ? Problems.Invalid("resolvedOn", $"resolvedOn cannot be before it was noted on {PatientRules.Day(noted.NotedOn)}.")
                        : null);
            return problem is not null ? Decision.Refuse(problem) : Decision.Append(new ContraindicationResolved(id, contraindicationId, resolvedOn));
        }, p => new VersionResponse(p.Version), ct);
}
