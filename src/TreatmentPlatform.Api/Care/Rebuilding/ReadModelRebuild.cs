using JasperFx.Events;
using Marten;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Care.Rebuilding;

public sealed record RebuildProgress(string Clinic, int Streams, long Events, int Written, bool Done);

/// <summary>
/// Rebuilds a clinic's read models from its events: every stream is folded again with the same
/// rule as the live projection, then the patient records and care read models are written in bulk.
/// </summary>
public sealed class ReadModelRebuild(IDocumentStore store, ICareProjector projector)
{
    public const int Page = 5_000;

    public async Task<RebuildProgress> RunAsync(string clinic, Action<RebuildProgress>? report, CancellationToken ct)
    {
        var patients = new Dictionary<Guid, Patient?>();
        long events = 0;
        long after = 0;
        await using (var query = store.QuerySession(clinic))
        {
            while (true)
            {
                var page = await query.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(Page).ToListAsync(ct);
                if (page.Count == 0) break;
                foreach (var e in page)
                {
                    patients.TryGetValue(e.StreamId, out var patient);
                    patients[e.StreamId] = Patient.NextAt(patient, e.Data, e.Version);
                }
                events += page.Count;
                after = page[^1].Sequence;
                report?.Invoke(new RebuildProgress(clinic, patients.Count, events, 0, false));
            }
        }

        var written = 0;
        foreach (var chunk in patients.Values.OfType<Patient>().Chunk(1_000))
        {
            await using var session = store.LightweightSession(clinic);
            foreach (var patient in chunk)
            {
                session.Store(patient);
                session.Delete<PatientCare>(patient.Id);
            }
            await session.SaveChangesAsync(ct);
            await using var care = store.LightweightSession(clinic);
            foreach (var patient in chunk) projector.Project(care, patient);
            await care.SaveChangesAsync(ct);
            written += chunk.Length;
            report?.Invoke(new RebuildProgress(clinic, patients.Count, events, written, false));
        }
        var done = new RebuildProgress(clinic, patients.Count, events, written, true);
        report?.Invoke(done);
        return done;
    }

    public async Task<IReadOnlyList<string>> ClinicsAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.QueryAsync<string>("select distinct tenant_id from tp.mt_streams order by 1", ct);
    }
}
