using System.Security.Cryptography;
using Marten;

namespace TreatmentPlatform.Platform.Idempotency;

/// <summary>
/// The first answer to a POST carrying an <c>Idempotency-Key</c>, stored in the same transaction
/// as the events it answered for, so a retry (even after a restart) gets it again and appends
/// nothing. It holds no identifiers: an answer that carries some (a disclosure) is kept as a
/// receipt and rebuilt, after the rules are checked again. It expires after
/// <see cref="IdempotencySettings.Retention"/>; erasure removes the patient's.
/// </summary>
public sealed record IdempotentResponse
{
    public string Id { get; init; } = "";
    public string Fingerprint { get; init; } = "";
    public int StatusCode { get; init; }
    public string Body { get; init; } = "";
    public string? Location { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? PatientId { get; init; }

    /// <summary>The body is a receipt the endpoint rebuilds its answer from, not the answer.</summary>
    public bool Receipt { get; init; }
}

/// <summary>An answer that carries identifiers: stored as its receipt and rebuilt on a retry.</summary>
public interface IRebuiltOnRetry
{
    object Receipt { get; }
}

/// <summary>How long answers are kept, and the server's key for fingerprints (derived from the signing key unless set).</summary>
public sealed class IdempotencySettings(IConfiguration configuration)
{
    public TimeSpan Retention { get; } = TimeSpan.FromHours(configuration.GetValue("Idempotency:RetentionHours", 24.0));

    public byte[] Secret { get; } = HKDF.DeriveKey(HashAlgorithmName.SHA256,
        System.Text.Encoding.UTF8.GetBytes(configuration["Idempotency:Secret"] is { Length: > 0 } own ? own : Auth.AuthOptions.From(configuration).SigningKey),
        32, info: "idempotency-fingerprint"u8.ToArray());
}

/// <summary>The key and request fingerprint of one POST, if the client sent a key.</summary>
public sealed record IdempotencyKey(string Id, string Fingerprint)
{
    public const string Header = "Idempotency-Key";

    public static async Task<IdempotencyKey?> FromAsync(HttpContext http, Guid userId, IdempotencySettings settings, CancellationToken ct)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Headers[Header].ToString() is not { Length: > 0 } key) return null;
        // Keyed: a bare hash of a body with a name and a date of birth could be guessed back.
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, settings.Secret);
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

    /// <summary>What is stored under this key: a live answer, a 409 when the key was used for another request, or nothing (or an expired answer, to replace).</summary>
    public async Task<KeyLookup> FindAsync(IQuerySession session, IdempotencySettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await session.LoadAsync<IdempotentResponse>(Id, ct);
        if (stored is null) return new KeyLookup(this, null, null, false);
        if (stored.At + settings.Retention < now) return new KeyLookup(this, null, null, true);
        return stored.Fingerprint == Fingerprint
            ? new KeyLookup(this, stored, null, false)
            : new KeyLookup(this, null, Problems.Conflict("idempotency-key-reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new request."), false);
    }

    public static IResult Replay(IdempotentResponse stored) => new StoredResult(stored);

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

/// <summary>A request's key and what was stored under it.</summary>
public sealed record KeyLookup(IdempotencyKey Key, IdempotentResponse? Stored, IResult? Refusal, bool Expired)
{
    /// <summary>
    /// The answer to keep for this key, in the transaction of the change it answers: inserted, so
    /// that a parallel twin's commit fails and it replays this one; stored over an expired answer.
    /// </summary>
    public void Remember(IDocumentSession session, int statusCode, object response, string? location, Guid? patientId, DateTimeOffset at,
        System.Text.Json.JsonSerializerOptions json)
    {
        var receipt = response as IRebuiltOnRetry;
        var record = new IdempotentResponse
        {
            Id = Key.Id, Fingerprint = Key.Fingerprint, StatusCode = statusCode, Location = location, At = at, PatientId = patientId,
            Body = receipt is null ? System.Text.Json.JsonSerializer.Serialize(response, response.GetType(), json)
                : System.Text.Json.JsonSerializer.Serialize(receipt.Receipt, receipt.Receipt.GetType(), json),
            Receipt = receipt is not null,
        };
        if (Expired) session.Store(record);
        else session.Insert(record);
    }
}
