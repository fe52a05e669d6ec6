using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Outcomes.Recording;

public sealed record RecordSubstanceUseCheck(DateOnly? CheckedOn, CheckMethod? Method, CheckedSubstance? Substance, CheckResult? Result, long? ExpectedVersion);

public sealed record SubstanceUseCheckResponse(Guid CheckId, long Version);

public static class RecordSubstanceUseCheckEndpoint
{
    public static ProblemDetails Validate(RecordSubstanceUseCheck request) => new InputErrors()
        .Required(request.CheckedOn, "checkedOn")
        .Required(request.Method, "method")
        .Required(request.Substance, "substance")
        .Required(request.Result, "result")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/substance-use-checks")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<SubstanceUseCheckResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RecordSubstanceUseCheck request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var checkId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
                OutcomeRules.Dated(c.State, request.CheckedOn!.Value, "checkedOn", c.Today) is { } problem
                    ? Decision.Refuse(problem)
                    : Decision.Append(new SubstanceUseChecked(id, c.State.Episode, checkId, request.CheckedOn.Value,
                        request.Method!.Value, request.Substance!.Value, request.Result!.Value)),
            p => new SubstanceUseCheckResponse(checkId, p.Version), ct);
    }
}
