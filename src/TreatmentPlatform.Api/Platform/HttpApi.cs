using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace TreatmentPlatform.Platform;

public static class HttpApi
{
    public const long MaxBodyBytes = 64 * 1024;

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Nulls are written: a null PDC means "no treatment days", which is not the same as absent.
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Enums travel as the kebab-case names of the HTTP contract (docs/http-api.md); numbers are refused.
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }

    /// <summary>Options of the same shape, for JSON written outside a request (files, examples).</summary>
    public static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ConfigureJson(json);
        return json;
    }

    public static WebApplicationBuilder AddHttpApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExceptionToProblem>();
        // The document a client generator reads (docs/http-api.md; linted by scripts/test.sh).
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiDocumentInfo>();
            o.AddDocumentTransformer<OpenApiSecurity>();
            o.AddOperationTransformer<OpenApiSecurity>();
            o.AddOperationTransformer<OpenApiTags>();
            o.AddDocumentTransformer<OpenApiTags>();
            o.AddOperationTransformer<OpenApiExamples>();
            o.AddSchemaTransformer<OpenApiNullables>();
            o.AddOperationTransformer<OpenApiResultResponses>();
            o.AddDocumentTransformer<OpenApiResultResponses>();
        });
        builder.Services.AddWolverineHttp();
        builder.Services.AddSingleton<Idempotency.IdempotencySettings>();
        builder.Services.AddAuthorizationBuilder()
            // Every route needs a token unless it says otherwise (health, docs).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    public static WebApplication UseHttpApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        // The dashboard's static files need no token (the page asks for one).
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<JsonBodyCheck>();
        app.UseMiddleware<Privacy.AccessAudit>();
        app.UseMiddleware<Patients.Commanding.LostRaceRetry>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = Databases.ReadinessAnswer.WriteAsync,
        }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/dashboard", (IWebHostEnvironment env) => Results.File(Path.Combine(env.WebRootPath, "dashboard", "index.html"), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/docs", o => o.WithTitle("TreatmentPlatform API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();

        app.MapWolverineEndpoints(opts =>
        {
            // One clinic is one tenant, named by the token's clinic claim.
            opts.TenantId.IsClaimTypeNamed(Auth.ClaimNames.Clinic);
            Patients.Commanding.PatientCommandPolicy.Apply(opts);
        });
        return app;
    }
}
