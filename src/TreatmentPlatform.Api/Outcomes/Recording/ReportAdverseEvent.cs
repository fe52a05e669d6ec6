using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record ReportAdverseEvent(DateOnly? OnsetOn, AdverseEventKind? Kind, AdverseEventSeverity? Severity, DateOnly? ResolvedOn, long? ExpectedVersion)
    : IPatientCommand;

public sealed record ResolveAdverseEvent(DateOnly? ResolvedOn, long? ExpectedVersion) : IPatientCommand;

public sealed record AdverseEventResponse(Guid EventId, long Version);

public static class ReportAdverseEventEndpoint
{
    public static ProblemDetails Validate(ReportAdverseEvent request) => new InputErrors()
        .Required(request.OnsetOn, "onsetOn")
        .Required(request.Kind, "kind")
        .Required(request.Severity, "severity")
        .When(request.ResolvedOn < request.OnsetOn, "resolvedOn", "resolvedOn cannot be before onsetOn.")
        .ToProblem();

    public static IResult Before(ReportAdverseEvent request, PatientState patient, ClinicDay day) => PatientRules.First(
            OutcomeRules.Dated(patient, request.OnsetOn!.Value, "onsetOn", day.Today),
            request.ResolvedOn is { } resolved ? PatientRules.NotInFuture(resolved, "resolvedOn", day.Today) : null)
        ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/adverse-events")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<AdverseEventResponse>(StatusCodes.Status200OK)]
    public static Task<(AdverseEventResponse, Events)> Post(ReportAdverseEvent request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct)
    {
        var reported = new AdverseEventReported(patient.Id, patient.Episode, Guid.CreateVersion7(), request.OnsetOn!.Value, request.Kind!.Value,
            request.Severity!.Value, request.ResolvedOn);
        return PatientChange.Respond(session, patient, [reported], after => new AdverseEventResponse(reported.EventId, after.Version), ct);
    }
}

public static class ResolveAdverseEventEndpoint
{
    public static ProblemDetails Validate(ResolveAdverseEvent request) => new InputErrors().Required(request.ResolvedOn, "resolvedOn").ToProblem();

    /// <summary>An already resolved event is only in the history, and resolving it again must say so.</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(Guid eventId, ResolveAdverseEvent request, PatientState patient, Patient history, ClinicDay day)
    {
        var adverse = patient.OpenAdverseEvents.Find(a => a.Id == eventId) ?? history.FindAdverseEvent(eventId);
        return (adverse is null
                   ? Problems.NotFound("adverse event")
                   : PatientRules.Ending("adverse event", adverse.ResolvedOn, request.ResolvedOn!.Value, adverse.OnsetOn, "resolvedOn", day.Today))
               ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/adverse-events/{eventId}/resolution")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(Guid eventId, ResolveAdverseEvent request, [Patient] PatientState patient, Patient history,
        IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new AdverseEventResolved(patient.Id, eventId, request.ResolvedOn!.Value)],
            after => new VersionResponse(after.Version), ct, history);
}
