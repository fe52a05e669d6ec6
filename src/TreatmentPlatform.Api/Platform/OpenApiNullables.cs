using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TreatmentPlatform.Platform;

/// <summary>
/// ASP.NET describes a nullable property as <c>oneOf: [null, its schema]</c>. Two schemas of its
/// own admit null as well, so null matches both branches and a validator refuses it: an enum lists
/// null among its values when any property of it is nullable (non-nullable ones then seem to admit
/// null too), and a JsonElement is any value. Here the enum drops the null, and a JsonElement is
/// always a JSON object (a FHIR bundle, a report, an event's data).
/// </summary>
public sealed class OpenApiNullables : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Enum is { Count: > 0 } values && Nullable.GetUnderlyingType(type) is { IsEnum: true })
            schema.Enum = values.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null).ToList();
        if (type == typeof(JsonElement) || type == typeof(JsonElement?))
            schema.Type = JsonSchemaType.Object;
        return Task.CompletedTask;
    }
}
