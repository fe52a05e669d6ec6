using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TreatmentPlatform.Platform;

/// <summary>
/// The OpenAPI document says how to call the API: a bearer JWT on every route that needs one,
/// with the roles it admits, so the reference page can send a token and a generated client knows
/// it needs one.
/// </summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the clinic's identity provider with `sub` (user id), `role` (admin, counselor or reporter) and `clinic`.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        var roles = metadata.OfType<IAuthorizeData>().Select(a => a.Roles).OfType<string>().SelectMany(r => r.Split(',')).Distinct().ToList();
        if (roles.Count > 0)
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Roles: {string.Join(", ", roles)}.";
        return Task.CompletedTask;
    }
}
