using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Medication.Implanting;

public sealed record InsertImplant(DateOnly? InsertedOn, string? Product, int? CoverageDays, long? ExpectedVersion);

public sealed record ImplantResponse(Guid ImplantId, long Version, DateOnly? CoverageEndsOn);

public static class InsertImplantEndpoint
{
    public static ProblemDetails Validate(InsertImplant request) => new InputErrors()
        .Required(request.InsertedOn, "insertedOn")
        .Required(request.Product, "product", 100)
        .When(request.CoverageDays is < 1 or > 365, "coverageDays", "coverageDays must be 1–365.")
        .ToProblem();

    [WolverinePost("/api/patients/{id}/implants")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ImplantResponse>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, InsertImplant request, PatientCommands commands, HttpContext http, CancellationToken ct)
    {
        var implantId = Guid.CreateVersion7();
        return commands.Run(http, id, request.ExpectedVersion, c =>
        {
            var on = request.InsertedOn!.Value;
            var problem = PatientRules.First(
                MedicationRules.ServiceDate(c.State, on, "insertedOn", c.Today),
                MedicationRules.PlanAllows(c.State, on, MedicationForm.Implant));
            if (problem is not null) return Decision.Refuse(problem);
            var days = request.CoverageDays ?? c.State.PlanOn(on)!.CoverageDays ?? Coverage.DefaultImplantCoverageDays;
            return Decision.Append(new ImplantInserted(id, c.State.Episode, implantId, on, request.Product!.Trim(), days));
        }, p => new ImplantResponse(implantId, p.Version, p.CoverageEndsOn), ct);
    }
}
