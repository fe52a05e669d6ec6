using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace TreatmentPlatform.Patients.Importing;

/// <summary>One line of an import file: a patient's whole history, oldest event first.</summary>
public sealed record ImportedPatient(Guid PatientId, ImportedDemographics? Demographics, IReadOnlyList<ImportedEvent> Events);

public sealed record ImportedDemographics(string FirstName, string LastName, DateOnly DateOfBirth, string? Mrn, Sex? Sex = null);

/// <summary>An event as the store keeps it: its type name and its JSON.</summary>
public sealed record ImportedEvent(string Type, JsonElement Data);

public sealed record ImportProgress(string Clinic, int Patients, long Events, bool Done);

/// <summary>A line that could not be imported; nothing of its batch was written.</summary>
public sealed class ImportRefusedException(int line, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Bulk import of patient histories from another system (newline-delimited JSON, one patient a
/// line). Events go in with PostgreSQL COPY; each history is folded once to check it and to write
/// the patient's decision state with it. The read models are the projection daemon's: it moves
/// them through the imported events with the same code as any other event.
/// Each batch is checked before anything of it is written: a bad line stops the import there.
/// </summary>
public sealed class HistoryImport(IDocumentStore store)
{
    public const int Batch = 2_000;
    private readonly EventGraph _events = ((DocumentStore)store).Events;
    private Dictionary<string, Type> EventTypes => field ??= PatientEvents.All.ToDictionary(t => _events.EventMappingFor(t).EventTypeName);

    // Every patient event names its patient; an import must not slip one into another's stream.
    private static readonly Dictionary<Type, System.Reflection.PropertyInfo> PatientIds = PatientEvents.All
        .ToDictionary(t => t, t => t.GetProperty("PatientId") ?? throw new InvalidOperationException($"{t.Name} has no PatientId"));

    public async Task<ImportProgress> RunAsync(string clinic, TextReader lines, Action<ImportProgress>? report, CancellationToken ct)
    {
        // Reading and folding the next batch overlaps with COPYing the last one.
        var prepared = Channel.CreateBounded<PreparedBatch>(2);
        var progress = new ImportProgress(clinic, 0, 0, false);
        var writing = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in prepared.Reader.ReadAllAsync(ct))
                {
                    await WriteAsync(clinic, batch, ct);
                    progress = progress with { Patients = progress.Patients + batch.States.Count, Events = progress.Events + batch.Events };
                    report?.Invoke(progress);
                }
            }
            catch (Exception e)
            {
                prepared.Writer.TryComplete(e);
                throw;
            }
        }, ct);

        try
        {
            var lineNumber = 0;
            var batch = new List<(int Line, ImportedPatient Patient)>(Batch);
            while (await lines.ReadLineAsync(ct) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                batch.Add((lineNumber, Parse(line, lineNumber)));
                if (batch.Count < Batch) continue;
                await prepared.Writer.WriteAsync(Prepare(batch), ct);
                batch = new List<(int Line, ImportedPatient Patient)>(Batch);
            }
            if (batch.Count > 0) await prepared.Writer.WriteAsync(Prepare(batch), ct);
            prepared.Writer.TryComplete();
        }
        catch (ChannelClosedException)
        {
            // The writer failed; its exception is the one to report.
        }
        catch
        {
            prepared.Writer.TryComplete();
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        await writing;
        var done = progress with { Done = true };
        report?.Invoke(done);
        return done;
    }

    private sealed record PreparedBatch(List<StreamAction> Streams, List<PatientState> States, List<PatientDemographics> Demographics, long Events);

    private static ImportedPatient Parse(string line, int number)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportedPatient>(line, JsonSerializerOptions.Web)
                   ?? throw new ImportRefusedException(number, "empty line");
        }
        catch (JsonException e)
        {
            throw new ImportRefusedException(number, $"not a patient history: {e.Message}");
        }
    }

    private PreparedBatch Prepare(List<(int Line, ImportedPatient Patient)> batch)
    {
        var serializer = store.Options.Serializer();
        var streams = new List<StreamAction>(batch.Count);
        var states = new List<PatientState>(batch.Count);
        var demographics = new List<PatientDemographics>();
        long events = 0;
        foreach (var (line, imported) in batch)
        {
            if (imported.Events.Count == 0) throw new ImportRefusedException(line, "a history needs at least its enrollment event");
            var data = new object[imported.Events.Count];
            Patient? patient = null;
            for (var i = 0; i < data.Length; i++)
            {
                var e = imported.Events[i];
                if (!EventTypes.TryGetValue(e.Type, out var type))
                    throw new ImportRefusedException(line, $"unknown event type '{e.Type}'; known types are {string.Join(", ", EventTypes.Keys.Order())}");
                data[i] = serializer.FromJson(type, new MemoryStream(Encoding.UTF8.GetBytes(e.Data.GetRawText())));
                if (i == 0 && data[i] is not PatientEnrolled) throw new ImportRefusedException(line, "a history starts with its patient_enrolled event");
                if (!Equals(PatientIds[type].GetValue(data[i]), imported.PatientId))
                    throw new ImportRefusedException(line, $"event {i + 1} names another patient than patientId");
                patient = Fold(patient, data[i], i + 1, line);
            }
            if (patient is null) throw new ImportRefusedException(line, "no patient record results from the events");
            streams.Add(StreamAction.Start(_events, imported.PatientId, data));
            states.Add(PatientState.From(patient));
            if (imported.Demographics is { } d)
                demographics.Add(new PatientDemographics { Id = patient.Id, FirstName = d.FirstName, LastName = d.LastName, DateOfBirth = d.DateOfBirth, Mrn = d.Mrn, Sex = d.Sex ?? Sex.Unknown });
            events += data.Length;
        }

        return new PreparedBatch(streams, states, demographics, events);
    }

    private async Task WriteAsync(string clinic, PreparedBatch batch, CancellationToken ct)
    {
        // Events first: a repeated import stops here on the stream key, before any document.
        await store.BulkInsertEventsAsync(clinic, batch.Streams, 5_000, ct);
        await store.BulkInsertAsync(clinic, batch.States, batchSize: 1_000, cancellation: ct);
        if (batch.Demographics.Count > 0) await store.BulkInsertAsync(clinic, batch.Demographics, batchSize: 1_000, cancellation: ct);
    }

    private static Patient Fold(Patient? patient, object e, int version, int line)
    {
        try
        {
            return Patient.NextAt(patient, e, version) ?? throw new ImportRefusedException(line, $"event {version} does not apply to the record so far");
        }
        catch (Exception ex) when (ex is not ImportRefusedException)
        {
            throw new ImportRefusedException(line, $"event {version} does not apply to the record so far ({ex.GetType().Name})");
        }
    }
}
