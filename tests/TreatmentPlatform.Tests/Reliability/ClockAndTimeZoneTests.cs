using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Reports.Scheduling;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reliability;

/// <summary>"Today" is the clinic's calendar day: tested with a fake clock near midnight and across daylight saving.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClockAndTimeZoneTests
{
    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_same_instant_is_a_different_day_in_Auckland_and_Los_Angeles()
    {
        // 2026-06-30 23:30 UTC is 07-01 11:30 in Auckland and 06-30 16:30 in Los Angeles
        var clock = new FakeTimeProvider(Utc("2026-06-30T23:30:00Z"));
        await using var host = await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var auckland = new TestClinic(host);
        var losAngeles = new TestClinic(host);
        await auckland.Put("/api/clinic/settings", new { timeZone = "Pacific/Auckland" });
        await losAngeles.Put("/api/clinic/settings", new { timeZone = "America/Los_Angeles" });

        await auckland.Post("/api/patients", Scenarios.Enrollment("2026-07-01"), expect: 201);
        await losAngeles.Post("/api/patients", Scenarios.Enrollment("2026-07-01"), expect: 400);
        await losAngeles.Post("/api/patients", Scenarios.Enrollment("2026-06-30"), expect: 201);

        // the worklist's default asOf is today in the clinic
        Assert.Equal("2026-07-01", (await auckland.Get("/api/worklist")).Json().Str("asOf"));
        Assert.Equal("2026-06-30", (await losAngeles.Get("/api/worklist")).Json().Str("asOf"));

        // one minute after local midnight in Los Angeles the day has turned there too
        clock.SetUtcNow(Utc("2026-07-01T07:01:00Z"));
        Assert.Equal("2026-07-01", (await losAngeles.Get("/api/worklist")).Json().Str("asOf"));
        await losAngeles.Post("/api/patients", Scenarios.Enrollment("2026-07-01"), expect: 201);
    }

    [Fact]
    public void Coverage_counts_calendar_days_across_daylight_saving_changes()
    {
        // US clocks spring forward on 2026-03-08 and fall back on 2026-11-01: 28 calendar days either way
        Assert.Equal([new DayRange(new(2026, 3, 1), new(2026, 3, 28))], Coverage.CoveredRanges([new Supply(new(2026, 3, 1), 28, MedicationForm.Injectable)]));
        Assert.Equal([new DayRange(new(2026, 10, 20), new(2026, 11, 16))], Coverage.CoveredRanges([new Supply(new(2026, 10, 20), 28, MedicationForm.Injectable)]));
    }

    [Theory]
    [InlineData("2026-03-07T08:00:00Z", "2026-03-08T07:00:00Z")]   // 02:00 does not exist on 03-08 in New York: runs at 03:00 EDT, once
    [InlineData("2026-03-08T07:30:00Z", "2026-03-09T06:00:00Z")]   // the next night is back to 02:00, now EDT
    [InlineData("2026-10-31T07:00:00Z", "2026-11-01T07:00:00Z")]   // 01:00–01:59 repeats on 11-01; 02:00 EST happens once
    public void Nightly_reports_run_once_a_night_across_daylight_saving(string now, string expected)
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(Utc(expected), NightlyReports.NextRun(Utc(now), newYork));
    }
}
