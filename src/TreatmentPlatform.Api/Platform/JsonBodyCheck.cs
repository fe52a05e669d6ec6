using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace TreatmentPlatform.Platform;

/// <summary>
/// Reads a JSON body once before the endpoint so that malformed JSON, wrong types and unknown
/// enum values come back as 400 with <c>errors</c> keyed by field, and oversized bodies as 413,
/// instead of the endpoint's generic deserialisation failure.
/// </summary>
public sealed class JsonBodyCheck(RequestDelegate next, IOptions<JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts?.RequestType is not { } type || !HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method))
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > HttpApi.MaxBodyBytes)
        {
            await TooLarge(context);
            return;
        }
        // Bounded: a body without Content-Length still cannot grow past the limit.
        context.Request.EnableBuffering(bufferThreshold: 32 * 1024, bufferLimit: HttpApi.MaxBodyBytes);
        string? failedField = null;
        string? failure = null;
        try
        {
            if (context.Request.ContentLength is 0) failure = "A JSON body is required.";
            else
            {
                var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, json.Value.SerializerOptions, context.RequestAborted);
                if (value is null) failure = "A JSON object is required.";
            }
        }
        catch (JsonException e)
        {
            failedField = FieldOf(e.Path);
            failure = e.Path is null or "$"
                ? "The body is not valid JSON."
                : $"The value of '{failedField}' is not valid here (wrong type, unknown value or malformed).";
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or IOException)
        {
            await TooLarge(context);
            return;
        }

        if (failure is not null)
        {
            await Problems.Invalid(failedField ?? "body", failure).ExecuteAsync(context);
            return;
        }

        context.Request.Body.Position = 0;
        await next(context);
    }

    private static Task TooLarge(HttpContext context) => Results.Problem(title: "body-too-large",
        detail: $"The request body is larger than the {HttpApi.MaxBodyBytes / 1024} KB this API accepts.",
        statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);

    // "$.doses[0].takenOn" => "doses[0].takenOn"
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
