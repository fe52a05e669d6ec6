using Marten;

namespace TreatmentPlatform.Patients;

/// <summary>
/// The full history of one patient, folded from the stream on demand: only for what the small
/// state cannot answer (a correction naming an old record, a back-dated supply re-placing
/// coverage, a disclosure). No dose on the day or later comes here.
/// </summary>
public static class PatientHistory
{
    public static async Task<Patient?> LoadAsync(IQuerySession session, Guid patientId, long upToVersion, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(patientId, upToVersion, token: ct);
        Patient? history = null;
        foreach (var e in events) history = Patient.NextAt(history, e.Data, e.Version) ?? history;
        return history;
    }

    /// <summary>Several patients' whole histories, folded from one query over their streams.</summary>
    public static async Task<Dictionary<Guid, Patient>> LoadManyAsync(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids.ToArray()))
            .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
            .ToListAsync(ct);
        var histories = new Dictionary<Guid, Patient>();
        foreach (var e in events)
        {
            histories.TryGetValue(e.StreamId, out var history);
            if (Patient.NextAt(history, e.Data, e.Version) is { } next) histories[e.StreamId] = next;
        }
        return histories;
    }

    /// <summary>The state after a command's events: folded directly, or from the history when an event needs it.</summary>
    public static async Task<PatientState> AfterAsync(IQuerySession session, PatientState state, Patient? history,
        IReadOnlyList<object> events, CancellationToken ct)
    {
        var before = state.Version;
        var version = before;
        foreach (var e in events)
        {
            version++;
            if (history is null && state.NeedsHistory(e))
            {
                // Loaded as it stood before the command, then brought up to this event.
                history = await LoadAsync(session, state.Id, before, ct);
                var replayed = before;
                foreach (var earlier in events.Take((int)(version - before - 1))) history = Patient.NextAt(history, earlier, ++replayed);
            }
            history = history is null ? null : Patient.NextAt(history, e, version);
            state = state.NeedsHistory(e) ? PatientState.From(history!) : PatientState.Next(state, e, version)!;
        }
        return state;
    }
}
