using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Commanding;
using Wolverine.Marten;

namespace TreatmentPlatform.Medication.Implanting;

public sealed record InsertImplant(DateOnly? InsertedOn, string? Product, int? CoverageDays, long? ExpectedVersion) : IPatientCommand;

public sealed record ImplantResponse(Guid ImplantId, long Version, DateOnly? CoverageEndsOn);

public static class InsertImplantEndpoint
{
    public static ProblemDetails Validate(InsertImplant request) => new InputErrors()
        .Required(request.InsertedOn, "insertedOn")
        .Required(request.Product, "product", 100)
        .When(request.CoverageDays is < 1 or > 365, "coverageDays", "coverageDays must be 1–365.")
        .ToProblem();

    public static IResult Before(InsertImplant request, PatientState patient, ClinicDay day)
    {
        var on = request.InsertedOn!.Value;
        return PatientRules.First(
            MedicationRules.ServiceDate(patient, on, "insertedOn", day.Today),
            MedicationRules.PlanAllows(patient, on, MedicationForm.Implant)) ?? WolverineContinue.Result();
    }

    [WolverinePost("/api/patients/{id}/implants")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ImplantResponse>(StatusCodes.Status200OK)]
    public static Task<(ImplantResponse, Events)> Post(InsertImplant request, [Patient] PatientState patient, IDocumentSession session, CancellationToken ct)
    {
        var on = request.InsertedOn!.Value;
        var days = request.CoverageDays ?? patient.PlanOn(on)!.CoverageDays ?? Coverage.DefaultImplantCoverageDays;
        var inserted = new ImplantInserted(patient.Id, patient.Episode, Guid.CreateVersion7(), on, request.Product!.Trim(), days);
        return PatientChange.Respond(session, patient, [inserted], after => new ImplantResponse(inserted.ImplantId, after.Version, after.CoverageEndsOn), ct);
    }
}
