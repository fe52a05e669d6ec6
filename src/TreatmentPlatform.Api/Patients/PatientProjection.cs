using JasperFx.Events;
using Marten.Events.Aggregation;

namespace TreatmentPlatform.Patients;

/// <summary>Keeps the Patient document in the same transaction as its events.</summary>
public sealed partial class PatientProjection : SingleStreamProjection<Patient, Guid>
{
    public override Patient? Evolve(Patient? snapshot, Guid id, IEvent e) =>
        Patient.NextAt(snapshot, e.Data, e.Version) ?? snapshot;
}
