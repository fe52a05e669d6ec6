using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TreatmentPlatform.Platform;

/// <summary>
/// Wolverine lists a 200 with an <c>IResult</c> body for every endpoint that returns
/// <see cref="IResult"/>; those endpoints declare what they really answer (201, 202) with
/// ProducesResponseType, so the made-up 200 goes (a client would model "IResult").
/// </summary>
public sealed class OpenApiResultResponses : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var response in context.Description.SupportedResponseTypes.Where(r => r.Type == typeof(IResult)))
            operation.Responses?.Remove(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    /// <summary>Nothing refers to the IResult schema once those responses are gone.</summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components?.Schemas?.Remove(nameof(IResult));
        return Task.CompletedTask;
    }
}
