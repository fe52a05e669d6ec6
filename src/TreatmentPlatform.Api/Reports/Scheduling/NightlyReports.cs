using Marten;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Reports.Running;
using Wolverine;

namespace TreatmentPlatform.Reports.Scheduling;

/// <summary>When the clinic's next nightly report run is due (one document per clinic).</summary>
public sealed record NightlySchedule
{
    public const string DocumentId = "nightly-reports";

    public string Id { get; init; } = DocumentId;
    public DateTimeOffset NextRunAt { get; init; }
    public string TimeZone { get; init; } = "";
}

public sealed record NightlyReportsDue(DateTimeOffset ScheduledFor);

/// <summary>A clinic without a nightly schedule got its first patient: give it one (once, whatever the race).</summary>
public sealed record ScheduleNightlyReports;

/// <summary>
/// Nightly reports (and the sweep of expired idempotent answers) run at 02:00 in each clinic's time zone, for the 30 days up to yesterday. Each run
/// schedules the next through Wolverine's durable scheduled messages (no timer loop), so any node
/// may run it and a restart loses nothing; a superseded message is ignored.
/// </summary>
public static class NightlyReports
{
    public static readonly TimeOnly RunsAt = new(2, 0);
    public const int PeriodDays = 30;

    public static DateTimeOffset NextRun(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var candidate = day; ; candidate = candidate.AddDays(1))
        {
            var wall = candidate.ToDateTime(RunsAt);
            var at = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
            if (at > now) return at;
        }
    }

    /// <summary>Makes sure the clinic has its next nightly run scheduled (for its current time zone).</summary>
    public static async Task EnsureAsync(IDocumentSession session, IMessageBus bus, ClinicSettings settings, DateTimeOffset now)
    {
        var schedule = await session.LoadAsync<NightlySchedule>(NightlySchedule.DocumentId);
        if (schedule is not null && schedule.TimeZone == settings.TimeZone && schedule.NextRunAt > now) return;
        var next = new NightlySchedule { NextRunAt = NextRun(now, settings.Zone), TimeZone = settings.TimeZone };
        session.Store(next);
        await bus.ScheduleAsync(new NightlyReportsDue(next.NextRunAt), next.NextRunAt, new DeliveryOptions { TenantId = session.TenantId });
    }

}

public static class ScheduleNightlyReportsHandler
{
    /// <summary>
    /// Runs one at a time on the jobs queue; a schedule created meanwhile by another node makes the
    /// store fail its optimistic check, and the retry finds the schedule in place.
    /// </summary>
    public static async Task Handle(ScheduleNightlyReports message, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct) =>
        await NightlyReports.EnsureAsync(session, bus, await ClinicCalendar.SettingsAsync(session, ct), clock.GetUtcNow());
}

public static class NightlyReportsHandler
{
    /// <summary>The session is the clinic's (the message's tenant) and enlisted in the outbox with the bus.</summary>
    public static async Task Handle(NightlyReportsDue message, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var schedule = await session.LoadAsync<NightlySchedule>(NightlySchedule.DocumentId, ct);
        if (schedule is null || schedule.NextRunAt != message.ScheduledFor) return;

        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(message.ScheduledFor, settings.Zone).DateTime).AddDays(-1);
        await ReportRuns.QueueAsync(session, bus,
            Enum.GetValues<ReportKind>().Select(kind => new ReportRequest(kind, yesterday.AddDays(1 - NightlyReports.PeriodDays), yesterday)).ToList(),
            ReportTrigger.Nightly, clock.GetUtcNow(), ct);

        await bus.PublishAsync(new Platform.Idempotency.SweepStoredResponses(), new DeliveryOptions { TenantId = session.TenantId });
        await bus.PublishAsync(new Interop.BulkExport.SweepExports(), new DeliveryOptions { TenantId = session.TenantId });

        var next = schedule with { NextRunAt = NightlyReports.NextRun(Max(clock.GetUtcNow(), message.ScheduledFor), settings.Zone), TimeZone = settings.TimeZone };
        session.Store(next);
        await bus.ScheduleAsync(new NightlyReportsDue(next.NextRunAt), next.NextRunAt, new DeliveryOptions { TenantId = session.TenantId });
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
