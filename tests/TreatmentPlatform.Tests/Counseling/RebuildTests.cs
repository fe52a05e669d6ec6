using System.Text.Json;
using Marten;
using Npgsql;
using TreatmentPlatform.Care;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

[Collection(ApiCollection.Name)]
public sealed class RebuildTests(AppFixture app)
{
    [Fact]
    public async Task A_rebuild_from_the_events_gives_the_same_read_models_as_the_live_ones()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var oral = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"), counselor);
        await clinic.DailyDoses(oral, "2026-03-01", "2026-03-12", missed: ["2026-03-05"]);
        await clinic.Post($"/api/patients/{oral}/counseling-sessions", new { counselorId = counselor, heldOn = "2026-03-04", minutes = 50, modality = "group", outcome = "attended" });
        var injected = await clinic.PatientOnPlan("2026-01-05", MedicationScenarios.Injectable("2026-01-05"));
        await clinic.Injection(injected, "2026-01-05");
        await clinic.Post($"/api/patients/{injected}/discharge", new { dischargedOn = "2026-01-20", reason = "dropped-out" });
        await clinic.Post($"/api/patients/{injected}/readmission", new { enrolledOn = "2026-02-01" });
        await clinic.EnrolledPatient("2026-04-01");
        await clinic.Get("/api/worklist?minVersion=1");                     // live read models caught up

        var (live, folded) = await ReadModelCheck.SettledAsync(app.Host.DocumentStore(), clinic.Id);
        Assert.Equal(3, live.Count);
        ReadModelCheck.AssertSame(folded, live);                                         // live projection = fold of the events

        await using (var session = app.Host.DocumentStore().LightweightSession(clinic.Id))
        {
            session.DeleteWhere<CareRow>(_ => true);
            session.DeleteWhere<TreatmentSummary>(_ => true);
            session.DeleteWhere<PatientState>(_ => true);
            await session.SaveChangesAsync();
        }
        Assert.Empty(await ReadModelCheck.StoredAsync(app.Host.DocumentStore(), clinic.Id));

        var runId = (await clinic.Send(HttpMethod.Post, "/api/admin/read-models/rebuild", "{}", expect: 202)).Json().GetProperty("runId").GetGuid();
        var run = await clinic.Finished($"/api/admin/read-models/rebuild/{runId}");
        Assert.Equal("done", run.Str("status"));
        Assert.Equal(3, run.GetProperty("streams").GetInt32());

        Assert.Equal(live, await ReadModelCheck.StoredAsync(app.Host.DocumentStore(), clinic.Id));
    }

    [Fact]
    public async Task An_interrupted_rebuild_goes_on_after_the_last_patient_it_wrote()
    {
        var clinic = app.NewClinic();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await clinic.EnrolledPatient("2026-03-01"));
        ids.Sort();
        var store = app.Host.DocumentStore();
        await ReadModelCheck.SettledAsync(store, clinic.Id);
        await using (var session = store.LightweightSession(clinic.Id))
        {
            session.DeleteWhere<CareRow>(_ => true);
            await session.SaveChangesAsync();
        }

        // the run stopped after the first patient: resuming rebuilds the other two only
        var rebuild = new TreatmentPlatform.Care.Rebuilding.ReadModelRebuild(store);
        var done = await rebuild.RunAsync(clinic.Id, null, CancellationToken.None,
            new TreatmentPlatform.Care.Rebuilding.RebuildProgress(clinic.Id, 1, 1, 1, false, ids[0]));
        Assert.Equal((3, 3, ids[2]), (done.Streams, done.Written, done.LastStreamId));
        await using (var session = store.QuerySession(clinic.Id))
            Assert.Equal(ids[1..], (await session.Query<CareRow>().Select(r => r.Id).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_rebuild_racing_with_live_writes_loses_nothing()
    {
        var clinic = app.NewClinic();
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) ids.Add(await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01")));
        await ReadModelCheck.SettledAsync(app.Host.DocumentStore(), clinic.Id);

        // Three writers and rebuilds back to back, so that commands often land between a rebuild's
        // fold and its write: a decision state written behind its stream's head would be read by the
        // next command as the head, and that command's state would stay wrong.
        var written = 0;
        var writes = Task.WhenAll(ids.Chunk(4).Select(patients => Task.Run(async () =>
        {
            for (var day = 1; day <= 20; day++)
                foreach (var id in patients)
                {
                    await clinic.Dose(id, $"2026-03-{day:D2}");
                    Interlocked.Increment(ref written);
                }
        })));
        var runId = (await clinic.Send(HttpMethod.Post, "/api/admin/read-models/rebuild", "{}", expect: 202)).Json().GetProperty("runId").GetGuid();
        Assert.Equal("done", (await clinic.Finished($"/api/admin/read-models/rebuild/{runId}")).Str("status"));
        var rebuild = new TreatmentPlatform.Care.Rebuilding.ReadModelRebuild(app.Host.DocumentStore());
        var rebuilds = 1;
        for (; !writes.IsCompleted; rebuilds++) await rebuild.RunAsync(clinic.Id, null, CancellationToken.None);
        await writes;

        Assert.True(rebuilds > 3, $"only {rebuilds} rebuilds ran beside the writes");
        var (stored, folded) = await ReadModelCheck.SettledAsync(app.Host.DocumentStore(), clinic.Id);
        ReadModelCheck.AssertSame(folded, stored);
        await using var session = app.Host.DocumentStore().QuerySession(clinic.Id);
        Assert.Equal(written + 3 * ids.Count, (await session.Query<PatientState>().ToListAsync()).Sum(s => s.Version));
    }

    [Fact]
    public async Task A_rebuild_that_loses_a_deadlock_to_a_writer_writes_nothing_behind_the_stream()
    {
        var clinic = app.NewClinic();
        var patient = await clinic.PatientOnPlan("2026-03-01", MedicationScenarios.Oral("2026-03-01"));
        await clinic.Dose(patient, "2026-03-01");
        var store = app.Host.DocumentStore();
        await ReadModelCheck.SettledAsync(store, clinic.Id);

        // A writer holds the patient's decision state; the rebuild locks the stream and waits for
        // that row; the writer then appends a dose, which waits for the stream. PostgreSQL ends the
        // rebuild's transaction (it waited first). Marten replays a lost unit of work in a new
        // transaction: had the rebuild let it, the replay would have written the fold from before
        // the dose over the stream that now has it.
        await using var writer = new NpgsqlConnection(app.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await Sql.ScalarAsync(writer, "select 1 from tp.mt_doc_patientstate where tenant_id = $1 and id = $2 for update", clinic.Id, patient);
        var rebuild = Task.Run(() => new TreatmentPlatform.Care.Rebuilding.ReadModelRebuild(store).RunAsync(clinic.Id, null, CancellationToken.None));
        await using (var watcher = new NpgsqlConnection(app.ConnectionString))
        {
            await watcher.OpenAsync();
            for (var waited = 0; await Sql.ScalarAsync(watcher, "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%mt_doc_patientstate%'") == 0; waited++)
            {
                Assert.True(waited < 300, "the rebuild never waited for the locked decision state");
                await Task.Delay(100);
            }
        }
        await Sql.ScalarAsync(writer, """
            insert into tp.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            select nextval('tp.mt_events_sequence'), gen_random_uuid(), stream_id, version + 1,
                   data || jsonb_build_object('takenOn', '2026-03-02', 'doseId', gen_random_uuid()), type, tenant_id, now(), mt_dotnet_type, false
            from tp.mt_events where tenant_id = $1 and stream_id = $2 order by version desc limit 1
            """, clinic.Id, patient);
        await Sql.ScalarAsync(writer, "update tp.mt_streams set version = version + 1 where tenant_id = $1 and id = $2", clinic.Id, patient);
        await transaction.CommitAsync();
        await rebuild;

        var (stored, folded) = await ReadModelCheck.SettledAsync(store, clinic.Id);
        ReadModelCheck.AssertSame(folded, stored);
        await using var session = store.QuerySession(clinic.Id);
        var state = await session.LoadAsync<PatientState>(patient);
        Assert.Equal(new DateOnly(2026, 3, 2), state!.CoverageEndsOn);
    }
}
