using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>
/// Clinics on several databases (Databases:Master + Databases:Pool): each clinic's commands, reads,
/// projections and audit land in its own database and nowhere else, and readiness names each database.
/// </summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class SeveralDatabasesTests(SeveralDatabasesFixture several)
{
    public static TheoryData<string> Clinics => [SeveralDatabasesFixture.ClinicOne, SeveralDatabasesFixture.ClinicTwo];

    [Theory]
    [MemberData(nameof(Clinics))]
    public async Task Each_clinic_writes_reads_and_projects_on_its_own_database(string clinic)
    {
        using var http = several.Client(clinic);
        var patient = await SeveralDatabasesFixture.EnrolledAsync(http);

        var read = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/patients/{patient}", UriKind.Relative));
        Assert.Equal("enrolled", read.GetProperty("status").GetString());
        // The worklist reads the projected row: it waits for this database's daemon to reach the write.
        var worklist = await http.GetAsync(new Uri($"/api/worklist?minVersion=1&patientId={patient}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, worklist.StatusCode);
        Assert.Contains(patient.ToString(), await worklist.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_clinic_has_a_row_in_the_other_database()
    {
        foreach (var clinic in (string[])[SeveralDatabasesFixture.ClinicOne, SeveralDatabasesFixture.ClinicTwo])
        {
            using var http = several.Client(clinic);
            var patient = await SeveralDatabasesFixture.EnrolledAsync(http);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"/api/worklist?minVersion=1&patientId={patient}", UriKind.Relative))).StatusCode);
        }

        // Other tests of the collection place (and move) clinics of their own.
        var inOne = await SeveralDatabasesFixture.TenantsAsync(several.Pool["one"]);
        var inTwo = await SeveralDatabasesFixture.TenantsAsync(several.Pool["two"]);
        Assert.Contains(SeveralDatabasesFixture.ClinicOne, inOne);
        Assert.DoesNotContain(SeveralDatabasesFixture.ClinicTwo, inOne);
        Assert.Contains(SeveralDatabasesFixture.ClinicTwo, inTwo);
        Assert.DoesNotContain(SeveralDatabasesFixture.ClinicOne, inTwo);
        Assert.Equal(0, await Sql.ScalarAsync(several.Master, "select count(*) from information_schema.tables where table_schema = 'tp' and table_name like 'mt_doc%'"));
        foreach (var (database, clinic) in (List<(string, string)>)[("one", SeveralDatabasesFixture.ClinicOne), ("two", SeveralDatabasesFixture.ClinicTwo)])
            Assert.True(await Sql.ScalarAsync(several.Pool[database], $"select count(*) from tp.mt_events where tenant_id = '{clinic}'") > 0);
    }

    [Fact]
    public async Task Readiness_names_each_database()
    {
        using var http = new HttpClient { BaseAddress = several.Api.BaseAddress };
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(["Healthy", "master: up", "one: up", "two: up"], (await ready.Content.ReadAsStringAsync()).Split('\n'));
    }

    [Fact]
    public async Task A_clinic_placed_on_no_database_is_refused()
    {
        using var http = several.Client("clinic-several-nowhere");
        var answer = await http.GetAsync(new Uri("/api/patients", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("clinic-not-placed", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name)]
public sealed class SeveralDatabasesCollection : ICollectionFixture<SeveralDatabasesFixture>
{
    public const string Name = "several-databases";
}
