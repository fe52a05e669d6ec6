using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Counseling.Recording;

public sealed record RecordCounselingSession(
    Guid? CounselorId, DateOnly? HeldOn, int? Minutes, SessionModality? Modality, SessionOutcome? Outcome, long? ExpectedVersion) : IPatientCommand;

public sealed record CounselingSessionResponse(Guid SessionId, long Version);

public static class RecordCounselingSessionEndpoint
{
    public static ProblemDetails Validate(RecordCounselingSession request) => new InputErrors()
        .Required(request.CounselorId, "counselorId")
        .Required(request.HeldOn, "heldOn")
        .Required(request.Minutes, "minutes")
        .Required(request.Modality, "modality")
        .Required(request.Outcome, "outcome")
        .When(request.Minutes is < 0 or > 480, "minutes", "minutes must be 0–480.")
        .When(request.CounselorId == Guid.Empty, "counselorId", "counselorId must be a user id.")
        .ToProblem();

    public static IResult Before(RecordCounselingSession request, PatientState patient, ClinicDay day, Caller caller) =>
        PatientRules.First(
            // A counselor records their own sessions; an admin may record for any counselor of the clinic.
            caller.IsCounselor && request.CounselorId != caller.UserId
                ? Results.Problem(title: "forbidden", detail: "A counselor records sessions as themself: counselorId must be your own user id.",
                    statusCode: StatusCodes.Status403Forbidden)
                : null,
            PatientRules.NotDischarged(patient),
            PatientRules.NotInFuture(request.HeldOn!.Value, "heldOn", day.Today),
            PatientRules.NotBeforeEnrollment(request.HeldOn.Value, "heldOn", patient)) ?? WolverineContinue.Result();

    /// <summary>A counselor records their own sessions, for their own caseload only (others are 404).</summary>
    [WolverinePost("/api/patients/{id}/counseling-sessions")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<CounselingSessionResponse>(StatusCodes.Status200OK)]
    public static Task<(CounselingSessionResponse, Events)> Post(RecordCounselingSession request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct)
    {
        var recorded = new CounselingSessionRecorded(patient.Id, patient.Episode, Guid.CreateVersion7(), request.CounselorId!.Value,
            request.HeldOn!.Value, request.Minutes!.Value, request.Modality!.Value, request.Outcome!.Value);
        return PatientChange.Respond(session, patient, [recorded], after => new CounselingSessionResponse(recorded.SessionId, after.Version), ct);
    }
}
