using Alba;
using Marten;
using Wolverine;
using TreatmentPlatform.Patients.Importing;
using TreatmentPlatform.Seeder;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Reliability;

/// <summary>
/// The projection daemon killed with -9 in the middle of a batch: after a restart the read models
/// equal a fold of the events (nothing applied twice, nothing skipped). It runs against a database
/// of its own, where the API process is the one node projecting.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProjectionCrashTests(AppFixture app, ITestOutputHelper output)
{
    private const string Clinic = "clinic-crash";

    [Fact]
    public async Task A_kill_9_while_projecting_leaves_read_models_equal_to_a_fold_of_the_events()
    {
        var connection = await SeparateDatabase.CreateAsync(app.ConnectionString, "projection_crash");
        await using var tool = await SeparateDatabase.ToolHostAsync(connection);

        // About 50,000 events: long enough to project that a kill lands mid-way.
        var generator = new HistoryGenerator(seed: 5, today: new DateOnly(2026, 6, 30), counselors: 4);
        var lines = string.Join('\n', Enumerable.Range(0, 550).Select(_ => generator.Next().Json));
        var imported = await new HistoryImport(tool.DocumentStore()).RunAsync(Clinic, new StringReader(lines), null, CancellationToken.None);
        var last = await Sql.ScalarAsync(connection, "select max(seq_id) from tp.mt_events");

        var api = await RunningApi.StartAsync(connection, runProjections: true);
        long killedAt;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            do
            {
                await Task.Delay(50);
                killedAt = await ProgressAsync(connection);
            } while (killedAt < last / 5 && DateTime.UtcNow < deadline);
            await api.KillAsync();
        }
        finally
        {
            await api.DisposeAsync();
        }
        output.WriteLine($"{imported.Events} events imported; daemon killed at sequence {killedAt} of {last}");
        Assert.InRange(killedAt, 1, last - 1);                              // the kill landed mid-way

        await using (var restarted = await RunningApi.StartAsync(connection, runProjections: true))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await ProgressAsync(connection) < last && DateTime.UtcNow < deadline) await Task.Delay(200);
            Assert.Equal(last, await ProgressAsync(connection));
        }

        var (stored, folded) = await ReadModelCheck.SettledAsync(tool.DocumentStore(), Clinic, TimeSpan.FromSeconds(10));
        Assert.Equal(550, folded.Count);
        ReadModelCheck.AssertSame(folded, stored);
    }

    /// <summary>How far both read models have been projected (the lower of the two).</summary>
    private static Task<long> ProgressAsync(string connection) => Sql.ScalarAsync(connection,
        "select coalesce(min(last_seq_id), 0) from (select last_seq_id from tp.mt_event_progression where name in ('TreatmentSummary:All', 'CareRow:All') " +
        "union all select 0 where (select count(*) from tp.mt_event_progression where name in ('TreatmentSummary:All', 'CareRow:All')) < 2) p");
}
