using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TreatmentPlatform.Platform;

/// <summary>The clinic's own numbers next to the framework's: doses recorded, read-model lag, open alerts.</summary>
public sealed class DomainMetrics : IDisposable
{
    public const string MeterName = "TreatmentPlatform";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _events;
    private readonly Counter<long> _doses;
    private readonly Histogram<double> _lag;
    private readonly ConcurrentDictionary<string, int> _openAlerts = new();

    public DomainMetrics()
    {
        _events = _meter.CreateCounter<long>("tp.events.appended", description: "Events appended to patient streams, by type");
        _doses = _meter.CreateCounter<long>("tp.doses.recorded", description: "Doses, injections and implants recorded");
        _lag = _meter.CreateHistogram<double>("tp.read_model.lag", unit: "ms", description: "From a write's commit to its read-model update");
        _meter.CreateObservableGauge("tp.alerts.open", () => _openAlerts.Select(x => new Measurement<int>(x.Value, new KeyValuePair<string, object?>("clinic", x.Key))),
            description: "Open worklist alerts per clinic, as last computed for today");
    }

    public void Appended(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            var type = e.GetType().Name;
            _events.Add(1, new KeyValuePair<string, object?>("type", type));
            if (type is "OralDoseTaken" or "InjectionAdministered" or "ImplantInserted") _doses.Add(1, new KeyValuePair<string, object?>("type", type));
        }
    }

    public void ReadModelLag(TimeSpan lag) => _lag.Record(lag.TotalMilliseconds);

    public void OpenAlerts(string clinic, int count) => _openAlerts[clinic] = count;

    public void Dispose() => _meter.Dispose();
}

public static class Telemetry
{
    /// <summary>Traces and metrics for ASP.NET Core, HTTP, Npgsql, Wolverine and Marten; OTLP export when configured.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DomainMetrics>();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (builder.Environment.IsProduction())
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("treatment-platform"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql()
                .AddSource("Wolverine").AddSource("Marten"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter("Wolverine").AddMeter("Marten").AddMeter(DomainMetrics.MeterName));
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return builder;
    }
}
