using Marten;

namespace TreatmentPlatform.Patients;

/// <summary>
/// A patient's whole record for the per-patient reads (adherence, outcomes, FHIR, disclosures,
/// an earlier day of the worklist), folded from the stream up to the decision state's version:
/// reads of one patient never lag that patient's writes, and no read model holds the whole history.
/// </summary>
public static class PatientRecords
{
    public static async Task<(PatientState? State, Patient? Record)> CurrentAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var state = await session.LoadAsync<PatientState>(id, ct);
        return state is null ? (null, null) : (state, await PatientHistory.LoadAsync(session, id, state.Version, ct));
    }

    /// <summary>Several patients' records, each folded up to at least the given version.</summary>
    public static async Task<Dictionary<Guid, Patient>> AtLeastAsync(IQuerySession session, IReadOnlyDictionary<Guid, long> versions, CancellationToken ct)
    {
        var ids = versions.Keys.ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids))
            .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
            .ToListAsync(ct);
        var records = new Dictionary<Guid, Patient>();
        foreach (var e in events)
        {
            records.TryGetValue(e.StreamId, out var record);
            if (Patient.NextAt(record, e.Data, e.Version) is { } next) records[e.StreamId] = next;
        }
        return records;
    }
}
