using Marten;

namespace TreatmentPlatform.Patients;

/// <summary>
/// A patient's whole record for the per-patient reads (adherence, outcomes, FHIR, consents):
/// the projected record, brought up to the decision state's version with the few events the
/// daemon has not applied yet. Reads of one patient never lag that patient's writes.
/// </summary>
public static class PatientRecords
{
    public static async Task<(PatientState? State, Patient? Record)> CurrentAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var stateQuery = batch.Load<PatientState>(id);
        var recordQuery = batch.Load<Patient>(id);
        await batch.Execute(ct);
        var state = await stateQuery;
        var record = await recordQuery;
        if (state is null) return (null, null);
        if (record is null || record.Version < state.Version)
        {
            var missing = await session.Events.FetchStreamAsync(id, state.Version, fromVersion: (record?.Version ?? 0) + 1, token: ct);
            foreach (var e in missing) record = Patient.NextAt(record, e.Data, e.Version) ?? record;
        }
        return (state, record);
    }

    /// <summary>Several patients' records, each brought up to at least the given version from its stream.</summary>
    public static async Task<Dictionary<Guid, Patient>> AtLeastAsync(IQuerySession session, IReadOnlyDictionary<Guid, long> versions, CancellationToken ct)
    {
        var records = (await session.LoadManyAsync<Patient>(ct, versions.Keys)).ToDictionary(r => r.Id);
        foreach (var (id, version) in versions)
        {
            records.TryGetValue(id, out var record);
            if (record is not null && record.Version >= version) continue;
            var missing = await session.Events.FetchStreamAsync(id, version, fromVersion: (record?.Version ?? 0) + 1, token: ct);
            foreach (var e in missing) record = Patient.NextAt(record, e.Data, e.Version) ?? record;
            if (record is not null) records[id] = record;
        }
        return records;
    }
}
