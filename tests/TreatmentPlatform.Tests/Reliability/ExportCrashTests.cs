using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using Marten;
using Npgsql;
using TreatmentPlatform.Patients.Importing;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Seeder;
using TreatmentPlatform.Tests.Operations;
using TreatmentPlatform.Tests.Support;
using Wolverine;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Reliability;

/// <summary>
/// A bulk export whose node is killed with -9 between chunks: the export's job is durable, so it
/// finishes on the restarted node, and every patient is in it exactly once. A database of its own,
/// where the API process is the one node.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExportCrashTests(AppFixture app, ITestOutputHelper output)
{
    private const string Clinic = "clinic-export-crash";
    private static readonly Dictionary<string, string> SmallChunks = new() { ["Export__PatientsPerChunk"] = "5" };

    [Fact]
    public async Task A_kill_9_mid_export_resumes_on_restart_with_every_patient_once()
    {
        var connection = await SeparateDatabase.CreateAsync(app.ConnectionString, "export_crash");
        await using var tool = await SeparateDatabase.ToolHostAsync(connection);
        var generator = new HistoryGenerator(seed: 11, today: new DateOnly(2026, 6, 30), counselors: 2);
        var lines = string.Join('\n', Enumerable.Range(0, 300).Select(_ => generator.Next().Json));
        await new HistoryImport(tool.DocumentStore()).RunAsync(Clinic, new StringReader(lines), null, CancellationToken.None);
        var token = new TestClinic(tool, Clinic).AdminToken;

        var api = await RunningApi.StartAsync(connection, settings: SmallChunks);
        string status;
        int killedAt;
        try
        {
            using var http = Client(api, token);
            var kickOff = await http.GetAsync(new Uri("/api/fhir/$export", UriKind.Relative));
            Assert.Equal(202, (int)kickOff.StatusCode);
            status = kickOff.Content.Headers.ContentLocation!.PathAndQuery;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(20);
                killedAt = await DoneAsync(connection);
            } while (killedAt < 50 && DateTime.UtcNow < deadline);
            await api.KillAsync();
        }
        finally
        {
            await api.DisposeAsync();
        }
        output.WriteLine($"killed after {killedAt} of 300 patients");
        Assert.InRange(killedAt, 1, 299);

        await using var restarted = await RunningApi.StartAsync(connection, settings: SmallChunks);
        using var again = Client(restarted, token);
        var finish = DateTime.UtcNow.AddSeconds(150);
        HttpResponseMessage polled;
        while ((polled = await again.GetAsync(new Uri(status, UriKind.Relative))).StatusCode != System.Net.HttpStatusCode.OK && DateTime.UtcNow < finish)
            await Task.Delay(500);
        Assert.Equal(System.Net.HttpStatusCode.OK, polled.StatusCode);
        output.WriteLine($"finished {(150 - (finish - DateTime.UtcNow).TotalSeconds):F0} s after the restart");

        var manifest = JsonDocument.Parse(await polled.Content.ReadAsStringAsync()).RootElement;
        var patients = manifest.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "Patient");
        var ndjson = await again.GetStringAsync(new Uri(new Uri(patients.GetProperty("url").GetString()!).PathAndQuery, UriKind.Relative));
        var ids = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(300, ids.Count);
        Assert.Equal(300, ids.Distinct().Count());
    }

    private static HttpClient Client(RunningApi api, string token)
    {
        var http = new HttpClient { BaseAddress = api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<int> DoneAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max((data->>'patientsDone')::int), 0) from tp.mt_doc_bulkexport", db);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
