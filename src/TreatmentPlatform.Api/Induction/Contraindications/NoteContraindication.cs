using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Induction.Contraindications;

public sealed record NoteContraindication(ContraindicationKind? Kind, DateOnly? NotedOn, DateOnly? ResolvedOn, long? ExpectedVersion) : IPatientCommand;

public sealed record ContraindicationNotedResponse(Guid ContraindicationId, long Version);

public static class NoteContraindicationEndpoint
{
    public static ProblemDetails Validate(NoteContraindication request) => new InputErrors()
        .Required(request.Kind, "kind")
        .Required(request.NotedOn, "notedOn")
        .When(request.ResolvedOn < request.NotedOn, "resolvedOn", "resolvedOn cannot be before notedOn.")
        .ToProblem();

    public static IResult Before(NoteContraindication request, PatientState patient, ClinicDay day) =>
        PatientRules.First(
            PatientRules.NotDischarged(patient),
            PatientRules.NotInFuture(request.NotedOn!.Value, "notedOn", day.Today),
            request.ResolvedOn is { } resolved ? PatientRules.NotInFuture(resolved, "resolvedOn", day.Today) : null) ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/contraindications")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ContraindicationNotedResponse>(StatusCodes.Status200OK)]
    public static Task<(ContraindicationNotedResponse, Events)> Post(NoteContraindication request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct)
    {
        var noted = new ContraindicationNoted(patient.Id, Guid.CreateVersion7(), request.Kind!.Value, request.NotedOn!.Value, request.ResolvedOn);
        return PatientChange.Respond(session, patient, [noted], after => new ContraindicationNotedResponse(noted.ContraindicationId, after.Version), ct);
    }
}
