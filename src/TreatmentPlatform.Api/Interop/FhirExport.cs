using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using TreatmentPlatform.Privacy.Consents;
using PatientRecord = TreatmentPlatform.Patients.Patient;
using PatientDemographics = TreatmentPlatform.Patients.PatientDemographics;

namespace TreatmentPlatform.Interop;

/// <summary>
/// A patient's treatment as a FHIR R4 collection Bundle (the resources are <see cref="FhirResources"/>).
/// Inside the clinic it is the whole record; a disclosure carries only its consent's scope, only that
/// consent, the Part 2 labels and the redisclosure notice.
/// </summary>
public static class FhirExport
{
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static Bundle Build(PatientRecord record, PatientDemographics? person, FhirClinic clinic) =>
        Collect(FhirResources.Of(record, person, clinic), disclosed: false);

    /// <summary>What leaves under one consent: its scope's resources, that consent alone, no redisclosure.</summary>
    public static Bundle Disclose(PatientRecord record, PatientDemographics? person, FhirClinic clinic, ConsentRecord consent) =>
        Collect(FhirResources.Of(record, person, clinic, consent), disclosed: true);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Json);

    private static Bundle Collect(IEnumerable<Resource> resources, bool disclosed)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = DateTimeOffset.UtcNow, Id = Guid.NewGuid().ToString(), Meta = new Meta() };
        bundle.Meta.Security.AddRange(FhirCodes.Part2Labels());
        if (disclosed) bundle.Meta.Security.Add(FhirCodes.NoRedisclosure);
        foreach (var resource in resources)
        {
            // Labels travel on each resource too: a receiver that splits the bundle keeps them.
            if (disclosed) (resource.Meta ??= new Meta()).Security.Add(FhirCodes.NoRedisclosure);
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = FhirResources.UrlOf(resource), Resource = resource });
        }
        return bundle;
    }
}
