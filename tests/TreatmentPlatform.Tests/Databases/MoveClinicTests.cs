using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// <c>move-clinic</c> between the two databases, as an operator runs it, while the API (two nodes
/// under load) keeps serving the clinic: every write it acknowledged is in the new database exactly once, a write
/// during the switch gets 503 with Retry-After, the old database keeps no row of the clinic, and a
/// move killed at any step goes on when the command runs again.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class MoveClinicTests(SeveralDatabasesFixture several, ITestOutputHelper output)
{
    private static readonly DateOnly Start = new(2025, 6, 1);
    private static readonly DateOnly Today = new(2026, 11, 28);   // no dose after the clinic's today

    [Fact]
    public async Task A_clinic_moved_under_load_keeps_every_acknowledged_write_once()
    {
        const string clinic = "clinic-several-moving";
        await several.ClinicDatabasesAsync("--assign", clinic, "--to", "one");
        using var http = several.Client(clinic);
        await using var node = await several.StartNodeAsync(new Dictionary<string, string>());
        using var other = several.Client(clinic, node);       // half the writers go through a second node
        var patients = new List<Guid>();
        for (var i = 0; i < 4; i++) patients.Add(await SeveralDatabasesFixture.OnOralPlanAsync(http, Start));
        for (var i = 0; i < 30; i++) await SeveralDatabasesFixture.EnrolledAsync(http);   // history to copy beyond the writers' own

        // Writers: each patient gets one dose a day, in order, until the move is over; a 503 is retried.
        var doses = new ConcurrentDictionary<Guid, ConcurrentBag<string>>();
        var enrolled = new ConcurrentBag<Guid>();
        var refused = 0;
        using var stop = new CancellationTokenSource();
        var writers = patients.Select((patient, i) => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? http : other;
            for (var day = Start; !stop.IsCancellationRequested && day <= Today; day = day.AddDays(1))
                while (true)
                {
                    var answer = await client.PostAsJsonAsync(new Uri($"/api/patients/{patient}/doses", UriKind.Relative),
                        new { takenOn = day.ToString("yyyy-MM-dd"), doseMg = 50, observed = true });
                    if (answer.StatusCode == HttpStatusCode.OK) { doses.GetOrAdd(patient, _ => []).Add(day.ToString("yyyy-MM-dd")); break; }
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                    Assert.NotNull(answer.Headers.RetryAfter);
                    Interlocked.Increment(ref refused);
                    await Task.Delay(100);
                }
        })).Append(Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answer = await SeveralDatabasesFixture.EnrolAsync(other);
                if (answer.StatusCode == HttpStatusCode.Created) enrolled.Add((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                else { Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode); Interlocked.Increment(ref refused); await Task.Delay(100); }
            }
        })).ToList();

        await Task.Delay(1000);
        var (code, log) = await SeveralDatabasesFixture.RunAsync(several.Command("move-clinic", "--clinic", clinic, "--to", "two"));
        output.WriteLine(log);
        Assert.True(code == 0, log);
        await Task.Delay(1000);                                  // writes go on against the new database
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        output.WriteLine($"acknowledged: {doses.Values.Sum(d => d.Count)} doses, {enrolled.Count} enrolments; {refused} writes refused during the switch");

        Assert.DoesNotContain(clinic, await SeveralDatabasesFixture.TenantsAsync(several.Pool["one"]));
        Assert.Contains(clinic, await SeveralDatabasesFixture.TenantsAsync(several.Pool["two"]));
        foreach (var patient in patients)
        {
            var acknowledged = doses[patient].Order().ToList();
            var history = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}/history", UriKind.Relative));
            var recorded = history.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "OralDoseTaken")
                .Select(e => e.GetProperty("data").GetProperty("takenOn").GetString()!).Order().ToList();
            Assert.Equal(acknowledged, recorded);                // each acknowledged dose once, nothing else
            // The read model rebuilt in the new database and moved on there counts each dose once:
            // one daily 50 mg dose covers its own day.
            var to = acknowledged[^1];
            var adherence = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}/adherence?from={Start:yyyy-MM-dd}&to={to}&minVersion={history.GetArrayLength()}", UriKind.Relative));
            Assert.Equal(acknowledged.Count, adherence.GetProperty("coveredDays").GetInt32());
        }
        var listed = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/patients?pageSize=200", UriKind.Relative));
        Assert.Equal(patients.Count + 30 + enrolled.Count, listed.GetProperty("total").GetInt32());
        foreach (var id in enrolled)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/patients/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_move_killed_at_any_step_goes_on_when_run_again_and_refuses_writes_meanwhile()
    {
        const string clinic = "clinic-several-restart";
        await several.ClinicDatabasesAsync("--assign", clinic, "--to", "one");
        using var http = several.Client(clinic);
        var patient = await SeveralDatabasesFixture.OnOralPlanAsync(http, Start);
        await DoseAsync(http, patient, Start);

        // Killed while closed: the clinic's writes are refused (503, Retry-After) until the move goes on.
        await KillAtAsync(["move-clinic", "--clinic", clinic, "--to", "two"], "closed:");
        var refused = await http.PostAsJsonAsync(new Uri($"/api/patients/{patient}/doses", UriKind.Relative),
            new { takenOn = Start.AddDays(1).ToString("yyyy-MM-dd"), doseMg = 50, observed = true });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("clinic-moving", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/patients/{patient}", UriKind.Relative))).StatusCode);   // reads go on

        await MoveAsync(clinic, "two", expect: "Resuming");
        await DoseAsync(http, patient, Start.AddDays(1));
        Assert.DoesNotContain(clinic, await SeveralDatabasesFixture.TenantsAsync(several.Pool["one"]));

        // Back again, killed after the switch (before the old copy went): run again, and it finishes.
        await KillAtAsync(["move-clinic", "--clinic", clinic, "--to", "one"], "switched:");
        // The clinic already works in its new database, once this node has re-read the placement (0.5 s here).
        await DoseAsync(http, patient, Start.AddDays(2), untilPlaced: true);
        await MoveAsync(clinic, "one", expect: "Resuming");
        Assert.DoesNotContain(clinic, await SeveralDatabasesFixture.TenantsAsync(several.Pool["two"]));

        // Killed while copying, then given up: the clinic stays and works where it was.
        await KillAtAsync(["move-clinic", "--clinic", clinic, "--to", "two"], "copied:");
        var (code, log) = await SeveralDatabasesFixture.RunAsync(several.Command("move-clinic", "--clinic", clinic, "--abort"));
        Assert.True(code == 0, log);
        await DoseAsync(http, patient, Start.AddDays(3));
        Assert.DoesNotContain(clinic, await SeveralDatabasesFixture.TenantsAsync(several.Pool["two"]));

        var history = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}/history", UriKind.Relative));
        Assert.Equal(Enumerable.Range(0, 4).Select(d => Start.AddDays(d).ToString("yyyy-MM-dd")),
            history.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "OralDoseTaken").Select(e => e.GetProperty("data").GetProperty("takenOn").GetString()));
    }

    [Fact]
    public async Task A_move_is_refused_with_what_to_do()
    {
        const string clinic = "clinic-several-staying";
        await several.ClinicDatabasesAsync("--assign", clinic, "--to", "two");
        foreach (var (arguments, says) in new (string[], string)[]
        {
            (["--clinic", clinic, "--to", "two"], "already lives in two"),
            (["--clinic", clinic, "--to", "three"], "no database three"),
            (["--clinic", "clinic-several-nowhere", "--to", "one"], "not placed"),
            (["--clinic", clinic, "--abort"], "no unfinished move"),
        })
        {
            var (code, log) = await SeveralDatabasesFixture.RunAsync(several.Command("move-clinic", arguments));
            Assert.NotEqual(0, code);
            Assert.Contains(says, log, StringComparison.Ordinal);
        }
    }

    private async Task MoveAsync(string clinic, string to, string expect)
    {
        var (code, log) = await SeveralDatabasesFixture.RunAsync(several.Command("move-clinic", "--clinic", clinic, "--to", to));
        output.WriteLine(log);
        Assert.True(code == 0, log);
        Assert.Contains(expect, log, StringComparison.Ordinal);
    }

    /// <summary>Runs the command and kills it (-9) as soon as it prints <paramref name="line"/>: a crash at that step.</summary>
    private async Task KillAtAsync(string[] command, string line)
    {
        using var process = Process.Start(several.Command(command[0], command[1..]))!;
        var seen = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.WriteLine(e.Data);
            if (e.Data.Contains(line, StringComparison.Ordinal)) { process.Kill(entireProcessTree: true); seen.TrySetResult(); }
        };
        process.BeginOutputReadLine();
        await Task.WhenAny(seen.Task, process.WaitForExitAsync());
        await process.WaitForExitAsync();
        Assert.True(seen.Task.IsCompleted, $"move-clinic ended ({process.ExitCode}) before printing '{line}': {await process.StandardError.ReadToEndAsync()}");
    }

    /// <param name="untilPlaced">Retry a 503 for up to 5 s, as a client told Retry-After does.</param>
    private static async Task DoseAsync(HttpClient http, Guid patient, DateOnly day, bool untilPlaced = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpResponseMessage answer;
        while ((answer = await http.PostAsJsonAsync(new Uri($"/api/patients/{patient}/doses", UriKind.Relative),
                   new { takenOn = day.ToString("yyyy-MM-dd"), doseMg = 50, observed = true })).StatusCode == HttpStatusCode.ServiceUnavailable
               && untilPlaced && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
    }
}
