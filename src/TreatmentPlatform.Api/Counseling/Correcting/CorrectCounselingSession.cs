using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Counseling.Correcting;

/// <summary>Fields left out keep their recorded value.</summary>
public sealed record CorrectCounselingSession(
    DateOnly? HeldOn, int? Minutes, SessionModality? Modality, SessionOutcome? Outcome, string? Reason, long? ExpectedVersion) : IPatientCommand;

public static class CorrectCounselingSessionEndpoint
{
    public static ProblemDetails Validate(CorrectCounselingSession request) => new InputErrors()
        .Required(request.Reason, "reason", 500)
        .When(request.Minutes is < 0 or > 480, "minutes", "minutes must be 0–480.")
        .ToProblem();

    /// <summary>A session of any episode may be corrected, so the history is needed.</summary>
    public static Task<Patient> LoadAsync(PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientHistory.LoadAsync(session, patient.Id, patient.Version, ct)!;

    public static IResult Before(CorrectCounselingSession request, Guid sessionId, Patient history, ClinicDay day)
    {
        if (history.FindSession(sessionId) is not { } recorded) return Problems.NotFound("counseling session");
        var heldOn = request.HeldOn ?? recorded.HeldOn;
        return PatientRules.First(
            PatientRules.NotInFuture(heldOn, "heldOn", day.Today),
            history.Episodes.First(e => e.Sessions.Contains(recorded)).EnrolledOn > heldOn
                ? Problems.Invalid("heldOn", "heldOn cannot be before the episode's enrollment.")
                : null) ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/counseling-sessions/{sessionId}/correction")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Post(Guid sessionId, CorrectCounselingSession request, [Patient] PatientState patient, Patient history,
        IDocumentSession session, CancellationToken ct)
    {
        var recorded = history.FindSession(sessionId)!;
        var corrected = new CounselingSessionCorrected(patient.Id, sessionId, request.HeldOn ?? recorded.HeldOn, request.Minutes ?? recorded.Minutes,
            request.Modality ?? recorded.Modality, request.Outcome ?? recorded.Outcome, request.Reason!.Trim());
        return PatientChange.Respond(session, patient, [corrected], after => new VersionResponse(after.Version), ct, history);
    }
}
