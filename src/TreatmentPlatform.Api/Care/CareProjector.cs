using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care;

/// <summary>Writes a patient's read models from their record; a seam so tests can make it fail.</summary>
public interface ICareProjector
{
    void Project(IDocumentSession session, Patient patient);
}

public sealed class CareProjector : ICareProjector
{
    // The revision check keeps an older result from overwriting a newer one.
    public void Project(IDocumentSession session, Patient patient)
    {
        var care = PatientCare.From(patient);
        session.TryUpdateRevision(care, care.Version);
    }
}
