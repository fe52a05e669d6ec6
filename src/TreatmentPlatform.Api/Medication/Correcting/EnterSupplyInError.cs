using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Correcting;

public sealed record EnterSupplyInError(string? Reason, long? ExpectedVersion) : IPatientCommand;

/// <summary>
/// A dose, injection or implant recorded by mistake is corrected by an appended event: it stops
/// counting for coverage, and the history keeps both.
/// </summary>
public static class EnterSupplyInErrorEndpoint
{
    public static ProblemDetails Validate(EnterSupplyInError request) => new InputErrors().Required(request.Reason, "reason", 500).ToProblem();

    /// <summary>Any supply of any episode may be named, so the history is needed.</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(Guid supplyId, Patient history) =>
        history.FindSupply(supplyId) is null ? Problems.NotFound("dose, injection or implant") : WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/supplies/{supplyId}/entered-in-error")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CoverageResponse>(StatusCodes.Status200OK)]
    public static Task<(CoverageResponse, Events)> Post(Guid supplyId, EnterSupplyInError request, [Patient] PatientState patient, Patient history,
        IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new SupplyEnteredInError(patient.Id, supplyId, request.Reason!.Trim())],
            after => new CoverageResponse(after.Version, after.CoverageEndsOn), ct, history);
}
