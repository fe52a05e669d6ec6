using Microsoft.AspNetCore.Mvc;
using Hl7.Fhir.Model;
using TreatmentPlatform.Interop.BulkExport;

namespace TreatmentPlatform.Interop;

/// <summary>What a receiver can get from this server: the resource types exported, the profiles they follow and the bulk export.</summary>
public static class GetCapabilityStatementEndpoint
{
    private const string UsCorePatient = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";

    [WolverineGet("/api/fhir/metadata")]
    [Authorize(Roles = Roles.Admin)]
    [Produces("application/fhir+json")]
    public static IResult Get() =>
        Results.Text(FhirExport.Serialize(Statement(typeof(GetCapabilityStatementEndpoint).Assembly.GetName().Version?.ToString() ?? "1.0")),
            "application/fhir+json; charset=utf-8");

    public static CapabilityStatement Statement(string version) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-11-30",
        Kind = CapabilityStatementKind.Instance,
        Name = "TreatmentPlatformExport",
        Title = "TreatmentPlatform FHIR export",
        Description = "Naltrexone treatment records (medication plus counseling) of one clinic, for the clinic's own use and for disclosures under a 42 CFR Part 2 consent. Codes: docs/fhir-codes.md.",
        Instantiates = ["http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"],
        Software = new CapabilityStatement.SoftwareComponent { Name = "TreatmentPlatform", Version = version },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "TreatmentPlatform API" },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["application/fhir+json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "One patient's record: GET /api/patients/{id}/fhir (a collection Bundle). The clinic: GET /api/fhir/$export (Bulk Data, NDJSON). " +
                                "Every resource carries the 42 CFR Part 2 security labels; disclosures also carry NORDSCLCD.",
                Security = new CapabilityStatement.SecurityComponent
                {
                    Description = "Bearer JWT (HS256) with the clinic, the user (sub) and the role admin; see docs/http-api.md.",
                },
                Resource = [.. ExportTypes.All.Select(type => new CapabilityStatement.ResourceComponent
                {
                    Type = type,
                    Profile = type == "Patient" ? UsCorePatient : null,
                    Documentation = type == "Patient" ? "US Core identity: MRN under the clinic's system, administrative gender." : null,
                })],
                Operation =
                [
                    new CapabilityStatement.OperationComponent
                    {
                        Name = "export",
                        Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export",
                        Documentation = "System-level export of the caller's clinic; _type and _since are supported.",
                    },
                ],
            },
        ],
    };
}
