using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TreatmentPlatform.Platform;
using TreatmentPlatform.Reports.Running;
using TreatmentPlatform.Reports.Scheduling;
using TreatmentPlatform.Tests.Support;
using Wolverine;

namespace TreatmentPlatform.Tests.Reports;

[Collection(ApiCollection.Name)]
public sealed class NightlyReportTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2027-01-10T07:30:00Z", "2027-01-11T07:00:00Z")]   // 02:30 EST → 02:00 EST the next day
    [InlineData("2027-01-10T06:59:00Z", "2027-01-10T07:00:00Z")]   // 01:59 EST → 02:00 EST the same day
    [InlineData("2027-07-10T05:30:00Z", "2027-07-10T06:00:00Z")]   // summer: 02:00 EDT is 06:00 UTC
    public void The_next_run_is_2am_in_the_clinics_zone(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            NightlyReports.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), NewYork));

    [Fact]
    public async Task The_nightly_job_runs_every_report_for_the_last_30_days_stores_them_and_schedules_the_next()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2027-01-10T07:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var clinic = new TestClinic(host);
        await clinic.Put("/api/clinic/settings", new { timeZone = "America/New_York" });

        var store = host.Services.GetRequiredService<IDocumentStore>();
        NightlySchedule? schedule;
        await using (var session = store.QuerySession(clinic.Id))
            schedule = await session.LoadAsync<NightlySchedule>(NightlySchedule.DocumentId);
        var due = DateTimeOffset.Parse("2027-01-11T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(due, schedule!.NextRunAt);

        // the clock reaches the scheduled time and the job runs
        clock.SetUtcNow(due);
        await Invoke(host, clinic.Id, new NightlyReportsDue(due));

        IReadOnlyList<ReportRun> runs = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var session = store.QuerySession(clinic.Id);
            runs = await session.Query<ReportRun>().ToListAsync();
            if (runs.Count == 6 && runs.All(r => r.Status == JobStatus.Done)) break;
            await Task.Delay(200);
        }
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r =>
        {
            Assert.Equal(JobStatus.Done, r.Status);
            Assert.Equal(ReportTrigger.Nightly, r.Trigger);
            Assert.Equal((new DateOnly(2026, 12, 12), new DateOnly(2027, 1, 10)), (r.From, r.To));   // 30 days up to yesterday
            Assert.NotNull(r.ResultJson);
        });
        await using (var session = store.QuerySession(clinic.Id))
            Assert.Equal(due.AddDays(1), (await session.LoadAsync<NightlySchedule>(NightlySchedule.DocumentId))!.NextRunAt);

        // a superseded (duplicate) delivery does nothing
        await Invoke(host, clinic.Id, new NightlyReportsDue(due));
        await using (var session = store.QuerySession(clinic.Id))
            Assert.Equal(6, await session.Query<ReportRun>().CountAsync());
    }

    private static async Task Invoke(IAlbaHost host, string clinic, object message)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(clinic, message);
    }
}
