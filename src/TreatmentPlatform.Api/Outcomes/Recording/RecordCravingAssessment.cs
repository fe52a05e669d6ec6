using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record RecordCravingAssessment(DateOnly? AssessedOn, CravingSubstance? Substance, int? Score, long? ExpectedVersion) : IPatientCommand;

public sealed record CravingAssessmentResponse(Guid AssessmentId, long Version);

public static class RecordCravingAssessmentEndpoint
{
    public static ProblemDetails Validate(RecordCravingAssessment request) => new InputErrors()
        .Required(request.AssessedOn, "assessedOn")
        .Required(request.Substance, "substance")
        .Required(request.Score, "score")
        .When(request.Score is < 0 or > 10, "score", "score is 0–10.")
        .ToProblem();

    public static IResult Before(RecordCravingAssessment request, PatientState patient, ClinicDay day) =>
        OutcomeRules.Dated(patient, request.AssessedOn!.Value, "assessedOn", day.Today) ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/craving-assessments")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<CravingAssessmentResponse>(StatusCodes.Status200OK)]
    public static Task<(CravingAssessmentResponse, Events)> Post(RecordCravingAssessment request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct)
    {
        var assessment = new CravingAssessed(patient.Id, patient.Episode, Guid.CreateVersion7(), request.AssessedOn!.Value, request.Substance!.Value,
            request.Score!.Value);
        return PatientChange.Respond(session, patient, [assessment], after => new CravingAssessmentResponse(assessment.AssessmentId, after.Version), ct);
    }
}
