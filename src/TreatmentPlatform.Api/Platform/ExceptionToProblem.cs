using JasperFx;
using JasperFx.MultiTenancy;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using TreatmentPlatform.Platform.Databases.Moving;

namespace TreatmentPlatform.Platform;

/// <summary>
/// The last line: expected failures become 409/503 problems; anything else a plain 500 problem
/// without stack trace or SQL.
/// </summary>
public sealed partial class ExceptionToProblem(ILogger<ExceptionToProblem> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        IResult result = exception switch
        {
            ConcurrencyException or StreamLockedException or ExistingStreamIdCollisionException => Problems.Conflict(
                "concurrent-update", "The patient's record changed while this request ran. Read it again and retry."),
            // The clinic is being moved to another database: nothing was written; its new home answers shortly.
            _ when MoveGuard.Refused(exception) => Moving(httpContext),
            _ when DatabaseUnavailable(exception) => Results.Problem(
                title: "database-unavailable", detail: "The database is not reachable right now; retry shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable),
            // Several databases with explicit placement: the token's clinic has no database yet.
            UnknownTenantIdException => Results.Problem(
                title: "clinic-not-placed", detail: "This clinic is not assigned to a database yet.",
                statusCode: StatusCodes.Status403Forbidden),
            BadHttpRequestException bad => Results.Problem(title: "bad-request", detail: "The request could not be read.", statusCode: bad.StatusCode),
            _ => Results.Problem(title: "internal-error", detail: "Something went wrong on our side; the request was not applied.",
                statusCode: StatusCodes.Status500InternalServerError),
        };
        if (result is IStatusCodeHttpResult { StatusCode: >= 500 })
            LogFailure(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static IResult Moving(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = "2";
        return Results.Problem(title: "clinic-moving",
            detail: "This clinic is being moved to another database; nothing was written. Retry in a few seconds.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>A database that is restarting or unreachable is a 503 to retry, not a 500, however it is wrapped.</summary>
    public static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException
                || e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" })
                return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Route} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string route);
}
