using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TreatmentPlatform.Platform;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Operations;

[Collection(ApiCollection.Name)]
public sealed class TelemetryTests(AppFixture app)
{
    [Fact]
    public async Task A_dose_shows_in_the_domain_metrics_and_requests_are_traced_down_to_the_database()
    {
        var measurements = new ConcurrentBag<(string Name, double Value, string? Type)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DomainMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        meters.SetMeasurementEventCallback<long>((i, value, tags, _) =>
            measurements.Add((i.Name, value, tags.ToArray().FirstOrDefault(t => t.Key == "type").Value?.ToString())));
        meters.SetMeasurementEventCallback<double>((i, value, _, _) => measurements.Add((i.Name, value, null)));
        meters.Start();
        var sources = new ConcurrentBag<string>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => sources.Add(a.Source.Name),
        };
        ActivitySource.AddActivityListener(traces);

        var clinic = app.NewClinic();
        var id = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(id, "2026-03-01");
        await clinic.Get("/api/worklist?minVersion=1");

        Assert.Contains(measurements, m => m.Name == "tp.doses.recorded" && m.Type == "OralDoseTaken");
        Assert.Contains(measurements, m => m.Name == "tp.events.appended" && m.Type == "MedicationPlanSet");
        Assert.Contains(measurements, m => m.Name == "tp.read_model.lag" && m.Value >= 0);
        Assert.Contains("Npgsql", sources);
        Assert.Contains("Microsoft.AspNetCore", sources);
    }
}
