using Marten;
using Microsoft.AspNetCore.Mvc;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Interop;

public static class GetFhirBundleEndpoint
{
    /// <summary>For use inside the clinic; a disclosure outside it goes through POST disclosures with a consent.</summary>
    [WolverineGet("/api/patients/{id}/fhir")]
    [Authorize(Roles = Roles.Admin)]
    [Produces("application/fhir+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var patientQuery = batch.Load<Patient>(id);
        var personQuery = batch.Load<PatientDemographics>(id);
        await batch.Execute(ct);
        var patient = await patientQuery;
        if (patient is null) return Problems.NotFound("patient");
        return Results.Text(FhirExport.Serialize(FhirExport.Build(patient, await personQuery)), "application/fhir+json; charset=utf-8");
    }
}
