using Marten;

namespace TreatmentPlatform.Patients;

/// <summary>
/// A patient's whole record for the per-patient reads (adherence, outcomes, FHIR, disclosures),
/// folded from the stream up to the decision state's version:
/// reads of one patient never lag that patient's writes, and no read model holds the whole history.
/// </summary>
public static class PatientRecords
{
    public static async Task<(PatientState? State, Patient? Record)> CurrentAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var state = await session.LoadAsync<PatientState>(id, ct);
        return state is null ? (null, null) : (state, await PatientHistory.LoadAsync(session, id, state.Version, ct));
    }
}
