using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Induction.Verifying;

public sealed record RecordOpioidFreeVerification(
    DateOnly? VerifiedOn, VerificationMethod? Method, VerificationResult? Result,
    DateOnly? LastOpioidUseOn, OpioidKind? LastOpioidKind, long? ExpectedVersion) : IPatientCommand;

public static class RecordOpioidFreeVerificationEndpoint
{
    public static ProblemDetails Validate(RecordOpioidFreeVerification request) => new InputErrors()
        .Required(request.VerifiedOn, "verifiedOn")
        .Required(request.Method, "method")
        .Required(request.Result, "result")
        .When(request.LastOpioidUseOn > request.VerifiedOn, "lastOpioidUseOn", "lastOpioidUseOn cannot be after verifiedOn.")
        .When(request.LastOpioidKind is not null && request.LastOpioidUseOn is null, "lastOpioidKind", "lastOpioidKind needs lastOpioidUseOn.")
        .ToProblem();

    public static IResult Before(RecordOpioidFreeVerification request, PatientState patient, ClinicDay day) =>
        PatientRules.First(
            PatientRules.NotDischarged(patient),
            PatientRules.NotInFuture(request.VerifiedOn!.Value, "verifiedOn", day.Today)) ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/opioid-free-verifications")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(RecordOpioidFreeVerification request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct) =>
        PatientChange.Respond(session, patient,
            [new OpioidFreeVerified(patient.Id, request.VerifiedOn!.Value, request.Method!.Value, request.Result!.Value, request.LastOpioidUseOn, request.LastOpioidKind)],
            after => new VersionResponse(after.Version), ct);
}
