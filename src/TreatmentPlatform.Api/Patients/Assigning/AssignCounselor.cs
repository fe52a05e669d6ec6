using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Assigning;

public sealed record AssignCounselor(Guid? CounselorId, long? ExpectedVersion) : IPatientCommand;

public sealed record SetCounselingFrequency(CounselingFrequency? CounselingFrequency, long? ExpectedVersion) : IPatientCommand;

public static class AssignCounselorEndpoint
{
    public static ProblemDetails Validate(AssignCounselor request) => new InputErrors()
        .Required(request.CounselorId, "counselorId")
        .When(request.CounselorId == Guid.Empty, "counselorId", "counselorId must be a user id.")
        .ToProblem();

    public static IResult Before(PatientState patient) => PatientRules.NotDischarged(patient) ?? WolverineContinue.Result();

    /// <summary>Assigning the counselor already assigned changes nothing and appends nothing.</summary>
    [WolverinePut("/api/patients/{id}/counselor")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Put(AssignCounselor request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct) =>
        PatientChange.Respond(session, patient,
            patient.CounselorId == request.CounselorId ? [] : [new CounselorAssigned(patient.Id, request.CounselorId!.Value, patient.CounselorId)],
            after => new VersionResponse(after.Version), ct);
}

public static class SetCounselingFrequencyEndpoint
{
    public static ProblemDetails Validate(SetCounselingFrequency request) =>
        new InputErrors().Required(request.CounselingFrequency, "counselingFrequency").ToProblem();

    public static IResult Before(PatientState patient) => PatientRules.NotDischarged(patient) ?? WolverineContinue.Result();

    [WolverinePut("/api/patients/{id}/counseling-frequency")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<(VersionResponse, Events)> Put(SetCounselingFrequency request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct) =>
        PatientChange.Respond(session, patient,
            patient.CounselingFrequency == request.CounselingFrequency ? [] : [new CounselingFrequencySet(patient.Id, request.CounselingFrequency!.Value)],
            after => new VersionResponse(after.Version), ct);
}
