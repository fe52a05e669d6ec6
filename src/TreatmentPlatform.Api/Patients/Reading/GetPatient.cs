using Marten;
using Microsoft.AspNetCore.Mvc;

namespace TreatmentPlatform.Patients.Reading;

public static class GetPatientEndpoint
{
    [WolverineGet("/api/patients/{id}")]
    [Authorize(Roles = Roles.AdminOrCounselor)]
    [ProducesResponseType<PatientView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var patientQuery = batch.Load<PatientState>(id);
        var demographicsQuery = batch.Load<PatientDemographics>(id);
        await batch.Execute(ct);
        var patient = await patientQuery;
        if (patient is null || !Caller.From(context.User).MaySee(patient.CounselorId)) return Problems.NotFound("patient");
        return Results.Ok(PatientView.From(patient, await demographicsQuery));
    }
}
