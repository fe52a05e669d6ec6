using Marten;
using TreatmentPlatform.Clinics;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Commanding;

/// <summary>
/// A request that changes one patient's record. Marking it so is what puts an endpoint under
/// <see cref="PatientCommandPolicy"/>: caseload scope, idempotency, the expected version and the
/// lost-race retry apply to it without the endpoint saying anything more.
/// </summary>
public interface IPatientCommand
{
    /// <summary>The version the client last read; when given, a different current version is 409.</summary>
    long? ExpectedVersion { get; }
}

/// <summary>
/// The patient's decision state, loaded for writing through Wolverine's aggregate handler workflow
/// from the route's <c>{id}</c>. A missing patient and one outside the caller's caseload are the
/// same 404, answered by <see cref="PatientCommandMiddleware.CheckScope"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PatientAttribute : WriteAggregateAttribute
{
    public PatientAttribute() : base("id") => Required = false;
}

/// <summary>The clinic's settings and today's date in the clinic, for rules that look at the calendar.</summary>
public sealed record ClinicDay(ClinicSettings Settings, DateOnly Today)
{
    public static async Task<ClinicDay> LoadAsync(IQuerySession session, ClinicCalendar calendar, CancellationToken ct)
    {
        var settings = await ClinicCalendar.SettingsAsync(session, ct);
        return new ClinicDay(settings, calendar.Today(settings));
    }
}
