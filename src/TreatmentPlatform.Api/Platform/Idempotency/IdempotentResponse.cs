using System.Security.Cryptography;
using Marten;

namespace TreatmentPlatform.Platform.Idempotency;

/// <summary>
/// The first response to a POST carrying an <c>Idempotency-Key</c>, stored in the same
/// transaction as the events it answered for, so a retry (even after a restart) replays it
/// and appends nothing.
/// </summary>
public sealed record IdempotentResponse
{
    public string Id { get; init; } = "";
    public string Fingerprint { get; init; } = "";
    public int StatusCode { get; init; }
    public string Body { get; init; } = "";
    public string? Location { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>The key and request fingerprint of one POST, if the client sent a key.</summary>
public sealed record IdempotencyKey(string Id, string Fingerprint)
{
    public const string Header = "Idempotency-Key";

    public static async Task<IdempotencyKey?> FromAsync(HttpContext http, Guid userId, CancellationToken ct)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Headers[Header].ToString() is not { Length: > 0 } key) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(http.Request.Path.Value ?? ""));
        var body = http.Request.Body;
        if (body.CanSeek)
        {
            body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
            body.Position = 0;
        }
        var fingerprint = Convert.ToHexString(hash.GetHashAndReset());
        // Scoped by user (and by clinic through tenancy): two users' keys never collide.
        return new IdempotencyKey($"{userId:N}:{key[..Math.Min(key.Length, 200)]}", fingerprint);
    }

    /// <summary>The stored answer to replay, a 409 when the key was used for another request, or null to proceed.</summary>
    public async Task<IResult?> ReplayAsync(IQuerySession session, CancellationToken ct)
    {
        var stored = await session.LoadAsync<IdempotentResponse>(Id, ct);
        if (stored is null) return null;
        if (stored.Fingerprint != Fingerprint)
            return Problems.Conflict("idempotency-key-reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new request.");
        return new StoredResult(stored);
    }

    public IdempotentResponse Record(int statusCode, string body, string? location, DateTimeOffset at) => new()
    {
        Id = Id, Fingerprint = Fingerprint, StatusCode = statusCode, Body = body, Location = location, At = at,
    };

    private sealed class StoredResult(IdempotentResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = stored.StatusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (stored.Location is not null) httpContext.Response.Headers.Location = stored.Location;
            await httpContext.Response.WriteAsync(stored.Body);
        }
    }
}
