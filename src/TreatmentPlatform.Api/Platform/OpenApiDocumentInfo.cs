using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TreatmentPlatform.Platform;

/// <summary>
/// The document's title and summary, and its server URL without the trailing slash ASP.NET puts
/// there (a client generator joins it with paths that start with one).
/// </summary>
public sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "TreatmentPlatform API";
        document.Info.Description =
            "Naltrexone treatment with counseling, for one clinic per token: patients and their episodes, induction, medication "
            + "(oral, injection, implant), counseling, adherence, outcomes, the worklist, reports, and 42 CFR Part 2 privacy. "
            + "Conventions (errors, versions, retries, paging): docs/http-api.md.";
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        return Task.CompletedTask;
    }
}
