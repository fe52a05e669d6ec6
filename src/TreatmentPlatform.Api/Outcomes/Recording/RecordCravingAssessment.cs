using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record RecordCravingAssessment(DateOnly? AssessedOn, CravingSubstance? Substance, int? Score, long? ExpectedVersion);

public sealed record CravingAssessmentResponse(Guid AssessmentId, long Version);

public static class RecordCravingAssessmentEndpoint
{
    public static ProblemDetails Validate(RecordCravingAssessment request) => new InputErrors()
        .Required(request.AssessedOn, "assessedOn")
        .Required(request.Substance, "substance")
        .Required(request.Score, "score")
        .When(request.Score is < 0 or > 10, "score", "score is 0–10.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/craving-assessments")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<CravingAssessmentResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordCravingAssessment request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var assessmentId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                OutcomeRules.Dated(c.State, request.AssessedOn!.Value, "assessedOn", c.Today) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new CravingAssessed(id, c.State.Episode, assessmentId, request.AssessedOn.Value, request.Substance!.Value, request.Score!.Value)),
            p => new CravingAssessmentResponse(assessmentId, p.Version), ct);
    }
}
