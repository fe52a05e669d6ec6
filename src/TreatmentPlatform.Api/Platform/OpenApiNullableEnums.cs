using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TreatmentPlatform.Platform;

/// <summary>
/// ASP.NET lists <c>null</c> among an enum's values when any property of that enum is nullable, and
/// also wraps the nullable property in <c>oneOf: [null, enum]</c>. Null then matches both branches,
/// which a validator refuses, and non-nullable properties of the enum seem to admit null. The
/// wrapper alone says it: the enum's own values drop the null.
/// </summary>
public sealed class OpenApiNullableEnums : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Enum is { Count: > 0 } values && Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is { IsEnum: true })
            schema.Enum = values.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null).ToList();
        return Task.CompletedTask;
    }
}
