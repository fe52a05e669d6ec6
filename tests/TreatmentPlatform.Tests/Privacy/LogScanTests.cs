using System.Collections.Concurrent;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Privacy;

/// <summary>An end-to-end run with every log captured, scanned for the identifiers it used.</summary>
[Collection(ApiCollection.Name)]
public sealed class LogScanTests
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task No_names_or_dates_of_birth_reach_the_logs()
    {
        var capture = new Capture();
        await using var host = await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.AddLogging(l =>
        {
            l.AddProvider(capture);
            l.SetMinimumLevel(LogLevel.Trace);
        })));
        var clinic = new TestClinic(host);
        var id = (await clinic.Send(HttpMethod.Post, "/api/patients",
            Scenarios.Enrollment("2026-03-01", firstName: "Zebulon", lastName: "Quillfeather", dateOfBirth: "1977-04-13"), expect: 201)).Json().GetProperty("id").GetGuid();
        await clinic.Get($"/api/patients/{id}");
        await clinic.Put($"/api/patients/{id}/demographics", new { firstName = "Zebedee", dateOfBirth = "1977-04-14" });
        await clinic.Send(HttpMethod.Post, "/api/patients", """{"firstName":"Zebulon","lastName":"Quillfeather","dateOfBirth":"1977-04-13","program":"opium"}""", expect: 400);
        await clinic.Send(HttpMethod.Post, "/api/patients", """{"firstName":"Zebulon","lastName":""", expect: 400);
        await clinic.Verified(id, "2026-03-01");
        await clinic.Put($"/api/patients/{id}/medication-plan", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Get($"/api/patients/{id}/history");
        await clinic.Get("/api/worklist?minVersion=1");
        await clinic.Get("/api/reports/adherence?from=2026-03-01&to=2026-03-31");
        await clinic.Post($"/api/patients/{id}/demographics/erasure", new { basis = "request" });

        var logs = string.Join('\n', capture.Lines);
        Assert.NotEmpty(capture.Lines);
        foreach (var identifier in new[] { "Zebulon", "Zebedee", "Quillfeather", "1977-04-13", "1977-04-14" })
            Assert.DoesNotContain(identifier, logs, StringComparison.OrdinalIgnoreCase);
    }
}
