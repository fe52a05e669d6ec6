using System.Net;
using System.Net.Http.Headers;

namespace TreatmentPlatform.Tests.Support;

/// <summary>A caseload stream (server-sent events) read line by line; <see cref="NextAsync"/> gives the next event's name, pings skipped.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private Task<string?>? _pendingLine;

    private EventStream(HttpClient client, HttpResponseMessage response, StreamReader reader) => (_client, _response, _reader) = (client, response, reader);

    /// <param name="client">Disposed with the stream.</param>
    /// <param name="token">Null: the client's own Authorization header.</param>
    public static async Task<EventStream> OpenAsync(HttpClient client, Guid counselor, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/counselors/{counselor}/stream", UriKind.Relative));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public async Task<string?> NextAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            _pendingLine ??= _reader.ReadLineAsync();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(_pendingLine, Task.Delay(left)) != _pendingLine) return null;
            var line = await _pendingLine;
            _pendingLine = null;
            if (line is null) return null;
            if (line.StartsWith("event: ", StringComparison.Ordinal) && line[7..] != "ping") return line[7..];
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
