using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using TreatmentPlatform.Platform.Idempotency;
using Wolverine.Marten;

namespace TreatmentPlatform.Privacy.Erasure;

public sealed record EraseDemographics(string? Basis, long? ExpectedVersion) : IPatientCommand;

/// <summary>
/// Deletes the patient's identifiers on a lawful request. The events never held them, so the
/// treatment record, history and reports stay intact, now without a name.
/// </summary>
public static class EraseDemographicsEndpoint
{
    public static ProblemDetails Validate(EraseDemographics request) => new InputErrors().Required(request.Basis, "basis", 500).ToProblem();

    public static IResult Before(PatientState patient) => patient.DemographicsErased
        ? Problems.Conflict("demographics-erased", "This patient's demographics were already erased.")
        : WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/demographics/erasure")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(EraseDemographics request, [Patient] PatientState patient, IDocumentSession session, TimeProvider clock,
        CancellationToken ct)
    {
        // Deleted in the command's transaction: the erasure event exists exactly when the identifiers are gone.
        session.Delete<PatientDemographics>(patient.Id);
        // Stored answers hold no identifiers, but nothing about this patient outlives the erasure's reach.
        session.DeleteWhere<IdempotentResponse>(r => r.PatientId == patient.Id);
        return PatientChange.Respond(session, patient, [new DemographicsErased(patient.Id, clock.GetUtcNow(), request.Basis!.Trim())],
            after => new VersionResponse(after.Version), ct);
    }
}
