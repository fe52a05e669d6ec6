using System.Text.Json;
using Marten;
using TreatmentPlatform.Care;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Tests.Support;

/// <summary>
/// The stored decision states and read models of a clinic, each as JSON keyed by patient, and
/// what a fold of every stream from its first event says they should be.
/// </summary>
public static class ReadModelCheck
{
    public static async Task<Dictionary<Guid, string>> StoredAsync(IDocumentStore store, string clinic)
    {
        await using var session = store.QuerySession(clinic);
        var states = (await session.Query<PatientState>().ToListAsync()).ToDictionary(s => s.Id);
        var records = (await session.Query<TreatmentSummary>().ToListAsync()).ToDictionary(p => p.Id);
        var rows = (await session.Query<CareRow>().ToListAsync()).ToDictionary(r => r.Id);
        return states.Keys.Union(records.Keys).Union(rows.Keys).ToDictionary(id => id, id =>
            Json(states.GetValueOrDefault(id)) + "|" + Json(records.GetValueOrDefault(id)) + "|" + Json(rows.GetValueOrDefault(id)));
    }

    public static async Task<Dictionary<Guid, string>> FoldedAsync(IDocumentStore store, string clinic)
    {
        await using var session = store.QuerySession(clinic);
        // Streams without events (Marten leaves some behind when a node dies mid-append) hold no patient.
        var ids = await session.QueryAsync<Guid>("select id from tp.mt_streams where tenant_id = ? and version > 0", clinic);
        var folded = new Dictionary<Guid, string>();
        foreach (var id in ids)
        {
            var history = (await PatientHistory.LoadAsync(session, id, 0, default))!;
            folded[id] = Json(PatientState.From(history)) + "|" + Json(TreatmentSummary.From(history)) + "|" + Json(CareRow.From(history));
        }
        return folded;
    }

    /// <summary>Waits (bounded) until the stored models equal the fold of the events, and returns both.</summary>
    public static async Task<(Dictionary<Guid, string> Stored, Dictionary<Guid, string> Folded)> SettledAsync(IDocumentStore store, string clinic,
        TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var folded = await FoldedAsync(store, clinic);
            var stored = await StoredAsync(store, clinic);
            if (Same(stored, folded) || DateTime.UtcNow > deadline) return (stored, folded);
            await Task.Delay(200);
        }
    }

    /// <summary>Asserts the stored models equal the fold, naming the first patient and model that differ.</summary>
    public static void AssertSame(Dictionary<Guid, string> folded, Dictionary<Guid, string> stored)
    {
        var names = new[] { "PatientState", "TreatmentSummary", "CareRow" };
        foreach (var (id, expected) in folded)
        {
            var actual = stored.GetValueOrDefault(id) ?? "null|null|null";
            if (actual == expected) continue;
            var (e, a) = (expected.Split('|'), actual.Split('|'));
            var model = Enumerable.Range(0, names.Length).First(i => e[i] != a[i]);
            Xunit.Assert.Fail($"{stored.Count} stored against {folded.Count} folded; patient {id}'s {names[model]} differs:\n folded {e[model]}\n stored {a[model]}");
        }
        Xunit.Assert.Equal(folded.Count, stored.Count);
    }

    public static bool Same(Dictionary<Guid, string> a, Dictionary<Guid, string> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var y) && y == x.Value);

    private static string Json(object? value) => value is null ? "null" : JsonSerializer.Serialize(value, value.GetType());
}
