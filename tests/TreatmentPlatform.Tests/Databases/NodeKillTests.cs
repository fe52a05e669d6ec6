using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TreatmentPlatform.Tests.Operations;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// Two API nodes on the two databases; the node running a clinic's export is killed with -9 mid-way.
/// Its queued and in-flight job messages move to the other node, which finishes the export within a
/// minute, with every patient exactly once.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class NodeKillTests(SeveralDatabasesFixture several, ITestOutputHelper output)
{
    private const int Patients = 40;

    [Fact]
    public async Task A_killed_nodes_export_finishes_on_the_other_node_within_a_minute_with_each_patient_once()
    {
        using var survivor = several.Client(SeveralDatabasesFixture.ClinicTwo);
        for (var i = 0; i < Patients; i++)
            Assert.Equal(HttpStatusCode.Created, (await SeveralDatabasesFixture.EnrolAsync(survivor)).StatusCode);

        // One patient a chunk on the node to be killed: the export is still running when it dies.
        var doomed = await several.StartNodeAsync(new Dictionary<string, string> { ["Export__PatientsPerChunk"] = "1" });
        string status;
        try
        {
            using var http = several.Client(SeveralDatabasesFixture.ClinicTwo, doomed);
            var kickOff = await http.GetAsync(new Uri("/api/fhir/$export", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);
            status = kickOff.Content.Headers.ContentLocation!.PathAndQuery;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string progress;
            do
            {
                await Task.Delay(20);
                var polled = await http.GetAsync(new Uri(status, UriKind.Relative));
                progress = polled.Headers.TryGetValues("X-Progress", out var values) ? values.Single() : "done";
            } while (progress != "done" && Percent(progress) < 10 && DateTime.UtcNow < deadline);
            Assert.NotEqual("done", progress);                                 // killed mid-way, not after
            output.WriteLine($"killed at {progress}");
            await doomed.KillAsync();
        }
        finally
        {
            await doomed.DisposeAsync();
        }

        var sinceKill = Stopwatch.StartNew();
        HttpResponseMessage manifest;
        while ((manifest = await survivor.GetAsync(new Uri(status, UriKind.Relative))).StatusCode != HttpStatusCode.OK && sinceKill.Elapsed < TimeSpan.FromSeconds(90))
            await Task.Delay(500);
        output.WriteLine($"finished on the other node {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(60), $"took {sinceKill.Elapsed.TotalSeconds:F0} s");

        var output0 = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync()).RootElement.GetProperty("output").EnumerateArray()
            .Single(o => o.GetProperty("type").GetString() == "Patient");
        var lines = (await survivor.GetStringAsync(new Uri(new Uri(output0.GetProperty("url").GetString()!).PathAndQuery, UriKind.Relative)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());                       // nothing written twice
        Assert.True(ids.Count >= Patients, $"{ids.Count} patients exported");  // the clinic's earlier tests may have enrolled more
    }

    private static int Percent(string progress) => int.Parse(progress.Split('%')[0], System.Globalization.CultureInfo.InvariantCulture);
}
