using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record EnterOutcomeInError(string? Reason, long? ExpectedVersion) : IPatientCommand;

public static class EnterOutcomeInErrorEndpoint
{
    public static ProblemDetails Validate(EnterOutcomeInError request) => new InputErrors().Required(request.Reason, "reason", 500).ToProblem();

    /// <summary>The record may be from any episode, so the full history is needed.</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(Guid recordId, Patient history) => history.HasOutcomeRecord(recordId)
        ? WolverineContinue.Result()
        : Problems.NotFound("craving assessment, substance-use check or adverse event");

    [WolverinePost("/api/patients/{id}/outcomes/{recordId}/entered-in-error")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(Guid recordId, EnterOutcomeInError request, [Patient] PatientState patient, Patient history,
        IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new OutcomeEnteredInError(patient.Id, recordId, request.Reason!.Trim())],
            after => new VersionResponse(after.Version), ct, history);
}
