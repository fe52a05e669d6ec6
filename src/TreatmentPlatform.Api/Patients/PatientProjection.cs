using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace TreatmentPlatform.Patients;

/// <summary>
/// Keeps the decision state in the same transaction as its events. Most events move it forward
/// directly; the rare ones <see cref="PatientState.NeedsHistory"/> claims are derived from the stream.
/// </summary>
public sealed partial class PatientStateProjection : SingleStreamProjection<PatientState, Guid>
{
    public override async ValueTask<PatientState?> EvolveAsync(PatientState? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        if (snapshot is null || !snapshot.NeedsHistory(e.Data)) return PatientState.Next(snapshot, e.Data, e.Version) ?? snapshot;

        // Every command appends one event, so the stream holds all that precede this one.
        var history = await PatientHistory.LoadAsync(session, id, e.Version - 1, cancellation);
        if (history is null || history.Version != e.Version - 1)
            throw new InvalidOperationException($"The history before version {e.Version} is not stored; a command that needs it must append one event.");
        return PatientState.From(Patient.NextAt(history, e.Data, e.Version)!);
    }
}
