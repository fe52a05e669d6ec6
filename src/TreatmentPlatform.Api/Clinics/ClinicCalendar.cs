using Marten;

namespace TreatmentPlatform.Clinics;

/// <summary>The clinic's settings and its local calendar day, from the injected clock.</summary>
public sealed class ClinicCalendar(TimeProvider clock)
{
    public static async Task<ClinicSettings> SettingsAsync(IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ClinicSettings>(ClinicSettings.DocumentId, ct) ?? ClinicSettings.Default;

    public DateOnly Today(ClinicSettings settings) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), settings.Zone).DateTime);

    public async Task<DateOnly> TodayAsync(IQuerySession session, CancellationToken ct) =>
        Today(await SettingsAsync(session, ct));
}
