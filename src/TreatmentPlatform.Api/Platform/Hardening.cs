using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TreatmentPlatform.Platform;

/// <summary>Per-user write limits (configurable, off unless configured) and security headers.</summary>
public static class Hardening
{
    public const string WritePolicy = "writes";

    public static WebApplicationBuilder AddHardening(this WebApplicationBuilder builder)
    {
        var writesPerMinute = builder.Configuration.GetValue<int?>("RateLimits:WritesPerMinute") ?? 0;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                writesPerMinute <= 0 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        $"{http.User.FindFirst(ClaimNames.Clinic)?.Value}/{http.User.FindFirst(ClaimNames.Subject)?.Value ?? http.Connection.RemoteIpAddress?.ToString()}",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = writesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(title: "too-many-requests",
                    detail: $"This user is over the write limit of {writesPerMinute} a minute; retry after {retryAfter} seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    /// <summary>API responses carry patient data: never cached, never framed, never sniffed.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/dashboard", StringComparison.Ordinal))
                headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }
            await next(http);
        });
        return app;
    }
}
