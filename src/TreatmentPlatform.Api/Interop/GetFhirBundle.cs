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
        var (_, patient) = await PatientRecords.CurrentAsync(session, id, ct);
        if (patient is null) return Problems.NotFound("patient");
        var person = await session.LoadAsync<PatientDemographics>(id, ct);
        var bundle = FhirExport.Build(patient, person, await FhirClinic.OfAsync(session, ct));
        return Results.Text(FhirExport.Serialize(bundle), "application/fhir+json; charset=utf-8");
    }
}
