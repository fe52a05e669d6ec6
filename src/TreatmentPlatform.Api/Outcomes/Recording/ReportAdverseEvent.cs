using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record ReportAdverseEvent(DateOnly? OnsetOn, AdverseEventKind? Kind, AdverseEventSeverity? Severity, DateOnly? ResolvedOn, long? ExpectedVersion);

public sealed record ResolveAdverseEvent(DateOnly? ResolvedOn, long? ExpectedVersion);

public sealed record AdverseEventResponse(Guid EventId, long Version);

public static class ReportAdverseEventEndpoint
{
    public static ProblemDetails Validate(ReportAdverseEvent request) => new InputErrors()
        .Required(request.OnsetOn, "onsetOn")
        .Required(request.Kind, "kind")
        .Required(request.Severity, "severity")
        .When(request.ResolvedOn < request.OnsetOn, "resolvedOn", "resolvedOn cannot be before onsetOn.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/adverse-events")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<AdverseEventResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportAdverseEvent request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var eventId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.First(
                    OutcomeRules.Dated(c.State, request.OnsetOn!.Value, "onsetOn", c.Today),
                    request.ResolvedOn is { } resolved ? PatientRules.NotInFuture(resolved, "resolvedOn", c.Today) : null) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new AdverseEventReported(id, c.State.Episode, eventId, request.OnsetOn.Value, request.Kind!.Value,
                        request.Severity!.Value, request.ResolvedOn)),
            p => new AdverseEventResponse(eventId, p.Version), ct);
    }
}

public static class ResolveAdverseEventEndpoint
{
    public static ProblemDetails Validate(ResolveAdverseEvent request) => new InputErrors().Required(request.ResolvedOn, "resolvedOn").ToProblem();

    [WolverinePost("/api/patients/{id}/adverse-events/{eventId}/resolution")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, Guid eventId, ResolveAdverseEvent request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
        {
            // Open events are in the state; an already resolved one is found in the history.
            var adverse = c.State.OpenAdverseEvents.Find(a => a.Id == eventId) ?? c.History?.FindAdverseEvent(eventId);
            var resolvedOn = request.ResolvedOn!.Value;
            var problem = adverse is null
                ? Problems.NotFound("adverse event")
                : PatientRules.Ending("adverse event", adverse.ResolvedOn, resolvedOn, adverse.OnsetOn, "resolvedOn", c.Today);
            return problem is not null ? Decision.Refuse(problem) : Decision.Append(new AdverseEventResolved(id, eventId, resolvedOn));
        }, p => new VersionResponse(p.Version), ct, needsHistory: s => !s.OpenAdverseEvents.Exists(a => a.Id == eventId));
}
