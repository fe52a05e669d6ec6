using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Patients.Assigning;

public sealed record AssignCounselor(Guid? CounselorId, long? ExpectedVersion);

public sealed record SetCounselingFrequency(CounselingFrequency? CounselingFrequency, long? ExpectedVersion);

public static class AssignCounselorEndpoint
{
    public static ProblemDetails Validate(AssignCounselor request) => new InputErrors()
        .Required(request.CounselorId, "counselorId")
        .When(request.CounselorId == Guid.Empty, "counselorId", "counselorId must be a user id.")
        .ToProblem();

    /// <summary>Assigning the counselor already assigned changes nothing and appends nothing.</summary>
    [WolverinePut("/api/patients/{id}/counselor")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Put(Guid id, AssignCounselor request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.NotDischarged(c.State) is { } problem ? Decision.Refuse(problem)
                : c.State.CounselorId == request.CounselorId ? Decision.Append()
                : Decision.Append(new CounselorAssigned(id, request.CounselorId!.Value, c.State.CounselorId)),
            p => new VersionResponse(p.Version), ct);
}

public static class SetCounselingFrequencyEndpoint
{
    public static ProblemDetails Validate(SetCounselingFrequency request) =>
        new InputErrors().Required(request.CounselingFrequency, "counselingFrequency").ToProblem();

    [WolverinePut("/api/patients/{id}/counseling-frequency")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<VersionResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Put(Guid id, SetCounselingFrequency request, PatientCommands commands, HttpContext http, CancellationToken ct) =>
        commands.Run(http, id, request.ExpectedVersion, c =>
                PatientRules.NotDischarged(c.State) is { } problem ? Decision.Refuse(problem)
                : c.State.CounselingFrequency == request.CounselingFrequency ? Decision.Append()
                : Decision.Append(new CounselingFrequencySet(id, request.CounselingFrequency!.Value)),
            p => new VersionResponse(p.Version), ct);
}
