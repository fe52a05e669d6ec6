using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Induction.Contraindications;

public sealed record NoteContraindication(ContraindicationKind? Kind, DateOnly? NotedOn, DateOnly? ResolvedOn, long? ExpectedVersion);

public sealed record ContraindicationNotedResponse(Guid ContraindicationId, long Version);

public static class NoteContraindicationEndpoint
{
    public static ProblemDetails Validate(NoteContraindication request) => new InputErrors()
        .Required(request.Kind, "kind")
        .Required(request.NotedOn, "notedOn")
        .When(request.ResolvedOn < request.NotedOn, "resolvedOn", "resolvedOn cannot be before notedOn.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/contraindications")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ContraindicationNotedResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, NoteContraindication request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var contraindicationId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    PatientRules.NotDischarged(c.State),
                    PatientRules.NotInFuture(request.NotedOn!.Value, "notedOn", c.Today),
                    request.ResolvedOn is { } resolved ? PatientRules.NotInFuture(resolved, "resolvedOn", c.Today) : null) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new ContraindicationNoted(id, contraindicationId, request.Kind!.Value, request.NotedOn.Value, request.ResolvedOn)),
            p => new ContraindicationNotedResponse(contraindicationId, p.Version), ct);
    }
}
