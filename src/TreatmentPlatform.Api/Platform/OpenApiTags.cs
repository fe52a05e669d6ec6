using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace TreatmentPlatform.Platform;

/// <summary>
/// Groups the routes by feature folder (one tag each, described in the clinic's words) instead of
/// one tag per endpoint class, so a reference page or generated client has a dozen sections.
/// </summary>
public sealed class OpenApiTags : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    internal static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Patients"] = "Enrolment, demographics, counselor and counseling frequency, discharge and readmission; the patient record and its event history.",
        ["Induction"] = "What must hold before naltrexone starts: opioid-free verifications and contraindications (acute hepatitis, liver failure).",
        ["Medication"] = "The medication plan (oral tablets, extended-release injection or implant) and each supply: doses, injections, implant insertion and removal, supplies entered in error.",
        ["Counseling"] = "Counseling sessions (individual, group, family, telehealth) and their corrections; a counselor's caseload.",
        ["Adherence"] = "Proportion of days covered, gaps, counseling adherence and the medication-plus-counseling status of one patient over a period.",
        ["Outcomes"] = "Craving assessments, substance-use checks and adverse events, and their summary over a period.",
        ["Worklist"] = "Today's alerts for the clinic or a counselor's caseload: induction pending, injection due, implant expiring, medication gap, counseling overdue, inactive 30 days, adverse event.",
        ["Reports"] = "Clinic reports for a period (adherence, retention, medication plus counseling, continuity, discharges, outcomes), read at once or run in the background.",
        ["Privacy"] = "42 CFR Part 2 consents, disclosures with their accounting, erasure of demographics, and the access log of every read of a patient's record.",
        ["Interop"] = "The patient's record as a FHIR R4 bundle for systems inside the clinic.",
        ["Clinics"] = "The clinic's settings: time zone, adherence thresholds and alert windows.",
        ["Care"] = "Administration of the read models behind the worklist, caseloads and reports: rebuilding them from the events.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // TreatmentPlatform.<Feature>.<UseCase>: the endpoint's feature folder is its tag.
        if (context.Description.ActionDescriptor is WolverineActionDescriptor { Chain: var chain }
            && chain.Method.HandlerType.Namespace?.Split('.') is [_, var feature, ..])
            operation.Tags = new HashSet<OpenApiTagReference> { new(feature, context.Document) };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).OfType<string>();
        document.Tags = new HashSet<OpenApiTag>(used.Distinct().Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag { Name = name, Description = Descriptions.GetValueOrDefault(name) }));
        return Task.CompletedTask;
    }
}
