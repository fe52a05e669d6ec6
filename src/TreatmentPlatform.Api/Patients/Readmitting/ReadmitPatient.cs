using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Readmitting;

public sealed record ReadmitPatient(DateOnly? EnrolledOn, long? ExpectedVersion) : IPatientCommand;

public sealed record ReadmissionResponse(long Version, int Episode, PatientStatus Status);

public static class ReadmitPatientEndpoint
{
    public static ProblemDetails Validate(ReadmitPatient request) => new InputErrors().Required(request.EnrolledOn, "enrolledOn").ToProblem();

    public static IResult Before(ReadmitPatient request, PatientState patient, ClinicDay day) => PatientRules.First(
            !patient.IsDischarged
                ? Problems.Conflict("not-discharged", $"Episode {patient.Episode} is still open; discharge it before readmitting.")
                : null,
            PatientRules.NotInFuture(request.EnrolledOn!.Value, "enrolledOn", day.Today),
            patient.DischargedOn is { } discharged && request.EnrolledOn.Value <= discharged
                ? Problems.Invalid("enrolledOn", $"enrolledOn must be after the last discharge on {PatientRules.Day(discharged)}.")
                : null)
        ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/readmission")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ReadmissionResponse>(StatusCodes.Status200OK)]
    public static Task<(ReadmissionResponse, Events)> Post(ReadmitPatient request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient, [new PatientReadmitted(patient.Id, patient.Episode + 1, request.EnrolledOn!.Value)],
            after => new ReadmissionResponse(after.Version, after.Episode, after.Status), ct);
}
