using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record RecordSubstanceUseCheck(DateOnly? CheckedOn, CheckMethod? Method, CheckedSubstance? Substance, CheckResult? Result, long? ExpectedVersion)
    : IPatientCommand;

public sealed record SubstanceUseCheckResponse(Guid CheckId, long Version);

public static class RecordSubstanceUseCheckEndpoint
{
    public static ProblemDetails Validate(RecordSubstanceUseCheck request) => new InputErrors()
        .Required(request.CheckedOn, "checkedOn")
        .Required(request.Method, "method")
        .Required(request.Substance, "substance")
        .Required(request.Result, "result")
        .ToProblem();

    public static IResult Before(RecordSubstanceUseCheck request, PatientState patient, ClinicDay day) =>
        OutcomeRules.Dated(patient, request.CheckedOn!.Value, "checkedOn", day.Today) ?? WolverineContinue.Result();

    [WolverinePost("/api/patients/{id}/substance-use-checks")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<SubstanceUseCheckResponse>(StatusCodes.Status200OK)]
    public static Task<(SubstanceUseCheckResponse, Events)> Post(RecordSubstanceUseCheck request, [Patient] PatientState patient, IDocumentSession session,
        CancellationToken ct)
    {
        var check = new SubstanceUseChecked(patient.Id, patient.Episode, Guid.CreateVersion7(), request.CheckedOn!.Value,
            request.Method!.Value, request.Substance!.Value, request.Result!.Value);
        return PatientChange.Respond(session, patient, [check], after => new SubstanceUseCheckResponse(check.CheckId, after.Version), ct);
    }
}
