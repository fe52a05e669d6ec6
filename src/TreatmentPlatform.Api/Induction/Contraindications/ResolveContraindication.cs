using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Induction.Contraindications;

public sealed record ResolveContraindication(DateOnly? ResolvedOn, long? ExpectedVersion) : IPatientCommand;

public static class ResolveContraindicationEndpoint
{
    public static ProblemDetails Validate(ResolveContraindication request) =>
        new InputErrors().Required(request.ResolvedOn, "resolvedOn").ToProblem();

    public static IResult Before(ResolveContraindication request, Guid contraindicationId, PatientState patient, ClinicDay day)
    {
        var noted = patient.Contraindications.FirstOrDefault(x => x.Id == contraindicationId);
        var problem = noted is null
            ? Problems.NotFound("contraindication")
            : PatientRules.Ending("contraindication", noted.ResolvedOn, request.ResolvedOn!.Value, noted.NotedOn, "resolvedOn", day.Today);
        return problem ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/contraindications/{contraindicationId}/resolution")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(Guid contraindicationId, ResolveContraindication request, [Patient] PatientState patient,
        IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new ContraindicationResolved(patient.Id, contraindicationId, request.ResolvedOn!.Value)],
            after => new VersionResponse(after.Version), ct);
}
