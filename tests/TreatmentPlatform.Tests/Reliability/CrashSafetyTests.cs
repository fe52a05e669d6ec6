using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Reliability;

/// <summary>
/// Writes under load while the API process is killed (-9) and restarted: every acknowledged write
/// is in the event store once, retried writes are not duplicated, and the read models catch up.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrashSafetyTests(AppFixture app, ITestOutputHelper output)
{
    private const int Patients = 10, Writers = 8, Kills = 3;

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_and_are_never_duplicated()
    {
        var clinic = app.NewClinic();
        var patients = new List<Guid>();
        for (var i = 0; i < Patients; i++) patients.Add(await clinic.PatientOnPlan("2026-01-01", MedicationScenarios.Oral("2026-01-01")));
        var token = clinic.AdminToken;

        var api = await RunningApi.StartAsync(app.ConnectionString);
        var acknowledged = new ConcurrentDictionary<string, Guid>();     // idempotency key → dose id
        var attempts = 0;
        var statuses = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();

        async Task Writer(int writer)
        {
            var random = new Random(writer);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{writer}-{n}";
                var patient = patients[random.Next(Patients)];
                var day = new DateOnly(2026, 1, 1).AddDays(random.Next(300)).ToString("yyyy-MM-dd");
                // a write without an answer is retried with the same key until it is answered
                while (true)
                {
                    Interlocked.Increment(ref attempts);
                    try
                    {
                        using var http = new HttpClient { BaseAddress = Volatile.Read(ref api).BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/patients/{patient}/doses")
                        {
                            Content = JsonContent.Create(new { takenOn = day, doseMg = 50, observed = true }),
                        };
                        request.Headers.Authorization = new("Bearer", token);
                        request.Headers.Add("Idempotency-Key", key);
                        using var response = await http.SendAsync(request);
                        statuses.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        Assert.True((int)response.StatusCode < 500 || (int)response.StatusCode == 503, $"{(int)response.StatusCode} for {key}");
                        if (response.IsSuccessStatusCode)
                        {
                            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                            acknowledged[key] = body.GetProperty("doseId").GetGuid();
                            break;
                        }
                    }
                    catch (HttpRequestException) { statuses.AddOrUpdate("no answer", 1, (_, n) => n + 1); }
                    catch (TaskCanceledException) { statuses.AddOrUpdate("timeout", 1, (_, n) => n + 1); }
                    await Task.Delay(200);
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Writer(w))).ToList();
        try
        {
            for (var kill = 0; kill < Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromSeconds(8));
                await api.KillAsync();
                Volatile.Write(ref api, await RunningApi.StartAsync(app.ConnectionString));
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            await Verify(clinic.Id, acknowledged, () => attempts, statuses);
        }
        finally
        {
            await stop.CancelAsync();
            await api.DisposeAsync();   // never leave an API process behind
        }
    }

    private async Task Verify(string clinicId, ConcurrentDictionary<string, Guid> acknowledged, Func<int> attempts, ConcurrentDictionary<string, int> statuses)
    {

        await using var session = app.Host.DocumentStore().QuerySession(clinicId);
        var doses = await session.QueryAsync<Guid>(
            "select (data->>'doseId')::uuid from tp.mt_events where tenant_id = ? and type = 'oral_dose_taken'", clinicId);
        output.WriteLine($"{attempts()} attempts, {acknowledged.Count} acknowledged, {doses.Count} dose events, {Kills} kills survived; answers: "
            + string.Join(", ", statuses.OrderBy(x => x.Key).Select(x => $"{x.Key} × {x.Value}")));
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} writes were acknowledged");
        Assert.Equal(doses.Count, doses.Distinct().Count());
        Assert.Empty(acknowledged.Values.Except(doses));                  // every acknowledged write is stored
        Assert.Equal(acknowledged.Count, doses.Count);                    // and nothing else: retries were not duplicated

        // the decision states and read models reach exactly what the events say
        var (stored, folded) = await ReadModelCheck.SettledAsync(app.Host.DocumentStore(), clinicId, TimeSpan.FromSeconds(90));
        ReadModelCheck.AssertSame(folded, stored);
    }
}
