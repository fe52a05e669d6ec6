using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TreatmentPlatform.Patients.History;

public sealed record HistoryEntry(string Type, long Version, DateTimeOffset RecordedAt, JsonElement Data);

public static class GetHistoryEndpoint
{
    [WolverineGet("/api/patients/{id}/history")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<HistoryEntry[]>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0) return Problems.NotFound("patient");
        return Results.Ok(events.Select(e => new HistoryEntry(
            e.Data.GetType().Name,
            e.Version, e.Timestamp,
            JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), json.Value.SerializerOptions))).ToList());
    }
}
