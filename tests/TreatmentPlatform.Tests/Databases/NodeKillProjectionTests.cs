using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// Two API nodes on the two databases; the node running database "two"'s projection agents is
/// killed with -9 while clinic two goes on writing through the other node. That node's read models
/// show every write within a minute of the kill, none applied twice; a report run in flight on the
/// killed node finishes on the other node within a minute.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class NodeKillProjectionTests(SeveralDatabasesFixture several, ITestOutputHelper output)
{
    private const string AsOf = "2026-03-30";

    /// <summary>A patient of the test: daily 50 mg doses (one covered day each) from 03-01, and attended sessions.</summary>
    private sealed record Plan(int LastDoseDay, int[] SessionDays);

    [Fact]
    public async Task A_killed_nodes_projection_agents_resume_on_the_other_node_and_apply_each_write_once_within_a_minute()
    {
        using var survivor = several.Client(SeveralDatabasesFixture.ClinicTwo);
        var counselor = Guid.NewGuid();
        // Three patients written before and after the kill, one only after it; coverage ends on day
        // LastDoseDay, so PDC-30 on 03-30 is LastDoseDay / 30 and the weekly counseling share is sessions / 4.
        Plan[] plans = [new(21, [5]), new(24, [5, 12]), new(27, [5]), new(24, [5, 12])];
        var patients = new Guid[plans.Length];

        var before = await NodesAsync();
        var doomed = await several.StartNodeAsync(new Dictionary<string, string>());
        var pinned = new List<Guid>();
        Stopwatch sinceKill;
        try
        {
            var node = await UntilAsync(NodesAsync, n => n.Except(before).Count() == 1, TimeSpan.FromSeconds(30));
            var agents = await PinDatabaseTwosProjectionsAsync(Assert.Single(node.Except(before)), pinned);

            for (var p = 0; p < 3; p++)
            {
                patients[p] = await SeveralDatabasesFixture.OnOralPlanAsync(survivor, March1, counselor);
                await DosesAsync(survivor, patients[p], 1, 10);
            }
            // Projected by the node to be killed: database two's agents run nowhere else now.
            await UntilAsync(() => CaseloadAsync(survivor, counselor), items => items.Count == 3 && items.All(i => i.CoverageEndsOn == Day(10)),
                TimeSpan.FromSeconds(30));

            // More writes, the last of them just before the kill: the killed node may be projecting them.
            for (var p = 0; p < 3; p++) await DosesAsync(survivor, patients[p], 11, 14);
            await doomed.KillAsync();
            sinceKill = Stopwatch.StartNew();
        }
        finally
        {
            // The pin goes with the node: what follows is Wolverine's ordinary failover.
            await doomed.DisposeAsync();
            await UnpinAsync(pinned);
        }

        for (var p = 0; p < 3; p++) await DosesAsync(survivor, patients[p], 15, plans[p].LastDoseDay);
        patients[3] = await SeveralDatabasesFixture.OnOralPlanAsync(survivor, March1, counselor);
        await DosesAsync(survivor, patients[3], 1, plans[3].LastDoseDay);
        for (var p = 0; p < plans.Length; p++)
            foreach (var day in plans[p].SessionDays)
                await SeveralDatabasesFixture.PostAsync(survivor, $"/api/patients/{patients[p]}/counseling-sessions",
                    new { counselorId = counselor, heldOn = Day(day), minutes = 50, modality = "individual", outcome = "attended" });
        output.WriteLine($"writes after the kill done {sinceKill.Elapsed.TotalSeconds:F1} s after it");

        // A dose applied twice moves the coverage end a day on (shift-forward) and PDC-30 by 1/30; a
        // session applied twice doubles the counseling share.
        var caseload = patients.Zip(plans).Select(x => new CaseloadRow(x.First, "active", "oral", x.Second.LastDoseDay / 30.0,
            Day(x.Second.LastDoseDay), Day(x.Second.LastDoseDay + 1), Day(x.Second.SessionDays[^1]), 30)).OrderBy(r => r.PatientId).ToList();
        var report = patients.Zip(plans).Select(x => new ReportRow(x.First, x.Second.LastDoseDay / 30.0, x.Second.SessionDays.Length / 4.0))
            .OrderBy(r => r.PatientId).ToList();

        var shownCaseload = await UntilAsync(() => CaseloadAsync(survivor, counselor), items => items.SequenceEqual(caseload),
            TimeSpan.FromSeconds(90));
        var shownReport = await UntilAsync(() => ReportAsync(survivor, patients), rows => rows.SequenceEqual(report),
            TimeSpan.FromSeconds(90));
        output.WriteLine($"read models show every write {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Equal(caseload, shownCaseload);
        Assert.Equal(report, shownReport);
        Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(60), $"took {sinceKill.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task A_report_run_in_flight_on_a_killed_node_finishes_on_the_other_node_within_a_minute()
    {
        using var survivor = several.Client(SeveralDatabasesFixture.ClinicTwo);
        var runs = new List<Guid>();
        var doomed = await several.StartNodeAsync(new Dictionary<string, string>());
        try
        {
            // A clinic's runs go one at a time, each sent by the node that finished the one before
            // (docs/architecture.md, "Jobs"): the killed node holds the lane while the chain lasts.
            using var http = several.Client(SeveralDatabasesFixture.ClinicTwo, doomed);
            while (runs.Count < 20)
            {
                var accepted = await http.PostAsJsonAsync(new Uri("/api/reports/adherence/runs", UriKind.Relative), new { from = "2024-01-01", to = "2026-12-31" });
                if (accepted.StatusCode == HttpStatusCode.TooManyRequests) break;   // the clinic's queue is full
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
                runs.Add((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid());
            }
            await doomed.KillAsync();
        }
        finally
        {
            await doomed.DisposeAsync();
        }
        var sinceKill = Stopwatch.StartNew();

        // Nothing moves them until the other node takes the killed node's messages over (20 s at least).
        // While any run is unfinished, one of them has its message in the killed node's inbox: the one
        // it was running, or the one it had just sent itself.
        var atKill = await StatusesAsync(survivor, runs);
        output.WriteLine($"{runs.Count} runs; at the kill: {Describe(atKill)}");
        Assert.Contains(atKill, s => s is "queued" or "running");                  // killed mid-way, not after

        var finished = await UntilAsync(() => StatusesAsync(survivor, runs), s => s.All(x => x is "done" or "failed"),
            TimeSpan.FromSeconds(90));
        output.WriteLine($"all runs finished {sinceKill.Elapsed.TotalSeconds:F1} s after the kill: {Describe(finished)}");
        Assert.All(finished, s => Assert.Equal("done", s));
        Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(60), $"took {sinceKill.Elapsed.TotalSeconds:F0} s");
    }

    private sealed record CaseloadRow(Guid PatientId, string Status, string? Form, double? Pdc30, string? CoverageEndsOn, string? NextDueOn,
        string? LastSessionOn, int DaysInTreatment);

    private sealed record ReportRow(Guid PatientId, double Pdc, double CounselingAdherence);

    private static readonly DateOnly March1 = new(2026, 3, 1);

    private static string Day(int march) => March1.AddDays(march - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(IEnumerable<string> statuses) =>
        string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} {g.Key}"));

    private static async Task DosesAsync(HttpClient http, Guid patient, int fromDay, int toDay)
    {
        for (var day = fromDay; day <= toDay; day++)
            await SeveralDatabasesFixture.PostAsync(http, $"/api/patients/{patient}/doses", new { takenOn = Day(day), doseMg = 50, observed = true });
    }

    private static async Task<List<CaseloadRow>> CaseloadAsync(HttpClient http, Guid counselor)
    {
        var caseload = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/counselors/{counselor}/caseload?asOf={AsOf}", UriKind.Relative));
        return caseload.GetProperty("items").EnumerateArray().Select(i => new CaseloadRow(i.GetProperty("patientId").GetGuid(),
                i.GetProperty("status").GetString()!, Text(i, "form"), i.GetProperty("pdc30") is { ValueKind: JsonValueKind.Number } pdc ? pdc.GetDouble() : null,
                Text(i, "coverageEndsOn"), Text(i, "nextDueOn"), Text(i, "lastSessionOn"), i.GetProperty("daysInTreatment").GetInt32()))
            .OrderBy(r => r.PatientId).ToList();

        // Absent or null until the patient has a plan, a supply, a session.
        static string? Text(JsonElement item, string property) => item.TryGetProperty(property, out var value) ? value.GetString() : null;
    }

    /// <summary>The test's patients in the medication-plus-counseling report of March, computed from the treatment summaries.</summary>
    private static async Task<List<ReportRow>> ReportAsync(HttpClient http, Guid[] patients)
    {
        var report = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/reports/medication-plus-counseling?from={Day(1)}&to={AsOf}", UriKind.Relative));
        return report.GetProperty("rows").EnumerateArray()
            .Select(r => new ReportRow(r.GetProperty("patientId").GetGuid(), r.GetProperty("pdc").GetDouble(), r.GetProperty("counselingAdherence").GetDouble()))
            .Where(r => patients.Contains(r.PatientId)).OrderBy(r => r.PatientId).ToList();
    }

    private static async Task<List<string>> StatusesAsync(HttpClient http, IEnumerable<Guid> runs)
    {
        var statuses = new List<string>();
        foreach (var run in runs)
            statuses.Add((await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/reports/runs/{run}", UriKind.Relative))).GetProperty("status").GetString()!);
        return statuses;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < limit)
        {
            await Task.Delay(250);
            value = await read();
        }
        return value;
    }

    /// <summary>
    /// Pins database two's projection agents (those the node declares it can run) to the node with
    /// Wolverine's agent restrictions: the row <c>IAgentRuntime.ApplyRestrictionsAsync</c> writes, which
    /// the leader reads at every health check. Left alone, Wolverine keeps them on the fixture's node.
    /// Waits until the node runs them.
    /// </summary>
    private async Task<List<string>> PinDatabaseTwosProjectionsAsync(Guid id, List<Guid> pins)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(several.Master);
        await db.OpenAsync();
        await using var capabilities = new NpgsqlCommand("select capabilities from tp.wolverine_nodes where id = $1", db) { Parameters = { new() { Value = id } } };
        var agents = OfDatabaseTwo((string[])(await capabilities.ExecuteScalarAsync())!);
        Assert.NotEmpty(agents);
        foreach (var agent in agents)
        {
            var pin = Guid.NewGuid();
            await using var insert = new NpgsqlCommand(
                "insert into tp.wolverine_agent_restrictions (id, uri, type, node) select $1, $2, 'Pinned', node_number from tp.wolverine_nodes where id = $3", db)
            {
                Parameters = { new() { Value = pin }, new() { Value = agent }, new() { Value = id } },
            };
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            pins.Add(pin);
        }
        var placed = await UntilAsync(() => AgentsOnAsync(id), on => on.SequenceEqual(agents), TimeSpan.FromSeconds(60));
        Assert.Equal(agents, placed);
        output.WriteLine($"{string.Join(", ", agents)} on the second node {clock.Elapsed.TotalSeconds:F1} s after it was live");
        return agents;
    }

    private async Task UnpinAsync(List<Guid> pins)
    {
        if (pins.Count == 0) return;
        await using var db = new NpgsqlConnection(several.Master);
        await db.OpenAsync();
        await using var delete = new NpgsqlCommand("delete from tp.wolverine_agent_restrictions where id = any($1)", db) { Parameters = { new() { Value = pins.ToArray() } } };
        await delete.ExecuteNonQueryAsync();
    }

    /// <summary>Database two's projection agents (event subscriptions) that run on the node.</summary>
    private async Task<List<string>> AgentsOnAsync(Guid node)
    {
        await using var db = new NpgsqlConnection(several.Master);
        await db.OpenAsync();
        await using var select = new NpgsqlCommand("select id from tp.wolverine_node_assignments where node_id = $1", db) { Parameters = { new() { Value = node } } };
        var agents = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync()) agents.Add(reader.GetString(0));
        return OfDatabaseTwo(agents);
    }

    private List<string> OfDatabaseTwo(IEnumerable<string> agents)
    {
        var database = new NpgsqlConnectionStringBuilder(several.Pool["two"]).Database;
        return agents.Where(a => a.StartsWith("event-subscriptions://", StringComparison.Ordinal) && a.Contains($".{database}/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The Wolverine nodes registered in the master (a node killed earlier may still be listed).</summary>
    private async Task<List<Guid>> NodesAsync()
    {
        await using var db = new NpgsqlConnection(several.Master);
        await db.OpenAsync();
        await using var select = new NpgsqlCommand("select id from tp.wolverine_nodes", db);
        var nodes = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync()) nodes.Add(reader.GetGuid(0));
        return nodes;
    }
}
