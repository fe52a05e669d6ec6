using System.Net;
using System.Net.Http.Json;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Databases;

/// <summary>The caseload stream of a clinic on the second database: its projection notifies there, and the node listens there.</summary>
[Collection(SeveralDatabasesCollection.Name)]
public sealed class CaseloadStreamOnSeveralDatabasesTests(SeveralDatabasesFixture several)
{
    [Fact]
    public async Task A_write_to_a_clinic_on_the_second_database_reaches_its_counselors_stream()
    {
        var counselor = Guid.NewGuid();
        await using var stream = await EventStream.OpenAsync(several.Client(SeveralDatabasesFixture.ClinicTwo), counselor);
        Assert.Equal("ready", await stream.NextAsync(TimeSpan.FromSeconds(10)));

        using var http = several.Client(SeveralDatabasesFixture.ClinicTwo);
        var enrolled = await http.PostAsJsonAsync(new Uri("/api/patients", UriKind.Relative), new
        {
            firstName = "Ann", lastName = "Example", dateOfBirth = "1980-02-03", program = "oud", enrolledOn = "2026-11-01", counselorId = counselor,
        });
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        // The signal comes from database two's projection; after the suite's node kills and outages
        // its agents may still be on their way to a live node (Wolverine reassigns within about 30 s).
        Assert.Equal("caseload-changed", await stream.NextAsync(TimeSpan.FromSeconds(60)));
    }
}
