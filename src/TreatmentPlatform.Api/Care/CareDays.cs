using Marten;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>The caseload's and the worklist's patients on a day, each with their name, from three queries whatever their number.</summary>
public static class CareDays
{
    public sealed record PatientDay(CareRow Row, CareOnDay Day, PatientDemographics? Person);

    /// <summary>
    /// Each open patient's day from their row when it can answer, else from their history as it
    /// stood (one load for all of those); the names come from the demographics in one load, only
    /// for the days kept (the worklist keeps those with alerts), and an erased patient has none.
    /// </summary>
    public static async Task<List<PatientDay>> ReadAsync(IQuerySession session, IReadOnlyList<CareRow> rows, DateOnly asOf, ClinicSettings settings,
        CancellationToken ct, Func<CareOnDay, bool>? keep = null)
    {
        var earlier = rows.Where(r => !CareReading.CaseloadFromRow(r, asOf)).Select(r => r.Id).ToList();
        var histories = earlier.Count == 0 ? new Dictionary<Guid, Patient>() : await PatientHistory.LoadManyAsync(session, earlier, ct);
        var days = new List<(CareRow Row, CareOnDay Day)>();
        foreach (var row in rows)
        {
            var day = CareReading.CaseloadFromRow(row, asOf) ? CareReading.FromRow(row, asOf, settings)
                : histories.TryGetValue(row.Id, out var history) ? CareReading.FromHistory(history, asOf, settings) : null;
            if (day is not null && (keep is null || keep(day))) days.Add((row, day));
        }
        var people = days.Count == 0 ? new Dictionary<Guid, PatientDemographics>()
            : (await session.LoadManyAsync<PatientDemographics>(ct, days.Select(d => d.Row.Id))).ToDictionary(p => p.Id);
        return days.Select(d => new PatientDay(d.Row, d.Day, people.GetValueOrDefault(d.Row.Id))).ToList();
    }
}
