using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// One clinic database stops (its whole server) under two API nodes: on both, its clinic gets 503
/// while the other clinic is served and readiness names the lost database; when the server is back,
/// the clinic recovers by itself on both, its writes and then its read models.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class DatabaseOutageTests(SeveralDatabasesFixture several, ITestOutputHelper output)
{
    [Fact]
    public async Task A_stopped_database_fails_only_its_clinic_which_recovers_by_itself()
    {
        await using var second = await several.StartNodeAsync(new Dictionary<string, string>());
        var nodes = new[] { several.Api, second };
        using var two = several.Client(SeveralDatabasesFixture.ClinicTwo);
        using var anonymous = new HttpClient { BaseAddress = several.Api.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await SeveralDatabasesFixture.EnrolAsync(two)).StatusCode);

        await SeveralDatabasesFixture.SecondServerAsync(up: false);
        try
        {
            foreach (var node in nodes)
            {
                using var probe = new HttpClient { BaseAddress = node.BaseAddress };
                using var oneHere = several.Client(SeveralDatabasesFixture.ClinicOne, node);
                using var twoHere = several.Client(SeveralDatabasesFixture.ClinicTwo, node);
                var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal(["Degraded", "master: up", "one: up", "two: down"], (await ready.Content.ReadAsStringAsync()).Split('\n'));
                Assert.Equal(HttpStatusCode.Created, (await SeveralDatabasesFixture.EnrolAsync(oneHere)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await oneHere.GetAsync(new Uri("/api/patients", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SeveralDatabasesFixture.EnrolAsync(twoHere)).StatusCode);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await twoHere.GetAsync(new Uri("/api/patients", UriKind.Relative))).StatusCode);
            }
        }
        finally
        {
            await SeveralDatabasesFixture.SecondServerAsync(up: true);
        }

        var back = Stopwatch.StartNew();
        HttpResponseMessage write = null!;
        foreach (var node in new[] { second, several.Api })   // the fixture's node last: the read-model check below uses its write
        {
            using var twoHere = several.Client(SeveralDatabasesFixture.ClinicTwo, node);
            while ((write = await SeveralDatabasesFixture.EnrolAsync(twoHere)).StatusCode != HttpStatusCode.Created && back.Elapsed < TimeSpan.FromSeconds(30))
                await Task.Delay(250);
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        }
        output.WriteLine($"writes back on both nodes {back.Elapsed.TotalSeconds:F1} s after the server");

        // The read model of the write made after the outage: database two's projection agents resume.
        var patient = (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        while (!await ProjectedAsync(patient) && back.Elapsed < TimeSpan.FromSeconds(180))
            await Task.Delay(500);
        Assert.True(await ProjectedAsync(patient), "database two's read models did not resume within 180 s");
        output.WriteLine($"read models back {back.Elapsed.TotalSeconds:F1} s after the server");
        var again = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(["Healthy", "master: up", "one: up", "two: up"], (await again.Content.ReadAsStringAsync()).Split('\n'));
    }

    private async Task<bool> ProjectedAsync(Guid patient)
    {
        // Unpooled: this process's pooled connections to the restarted server are dead.
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(several.Pool["two"]) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from tp.mt_doc_carerow where id = $1", db) { Parameters = { new() { Value = patient } } };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }
}
