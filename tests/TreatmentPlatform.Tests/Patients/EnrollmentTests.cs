using Marten;
using TreatmentPlatform.Platform.Auth;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class EnrollmentTests(AppFixture app)
{
    [Fact]
    public async Task Enrolling_returns_201_with_location_and_the_patient_reads_back()
    {
        var clinic = app.NewClinic();
        var created = await clinic.Send(HttpMethod.Post, "/api/patients",
            Scenarios.Enrollment("2026-02-10", "oud-aud", counselingFrequency: "biweekly", firstName: "Robin", lastName: "Example"), expect: 201);

        var body = created.Json();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/patients/{id}", created.Context.Response.Headers.Location.ToString());
        Assert.Equal(1, body.Long("version"));
        Assert.Equal("enrolled", body.Str("status"));
        Assert.Equal(1, body.GetProperty("episode").GetInt32());

        var read = (await clinic.Get($"/api/patients/{id}")).Json();
        Assert.Equal("Robin", read.Str("firstName"));
        Assert.Equal("Example", read.Str("lastName"));
        Assert.Equal("1984-06-30", read.Str("dateOfBirth"));
        Assert.Equal("oud-aud", read.Str("program"));
        Assert.Equal("enrolled", read.Str("status"));
        Assert.Equal("2026-02-10", read.Str("enrolledOn"));
        Assert.Equal("biweekly", read.Str("counselingFrequency"));
        Assert.Equal(1, read.Long("version"));
    }

    [Fact]
    public async Task The_enrollment_event_carries_no_identifiers()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await using var session = app.Host.DocumentStore().LightweightSession(clinic.Id);
        var events = await session.Events.FetchStreamAsync(id);
        var data = System.Text.Json.JsonSerializer.Serialize(events.Single().Data);
        Assert.DoesNotContain("Avery", data, StringComparison.Ordinal);
        Assert.DoesNotContain("Testpatient", data, StringComparison.Ordinal);
        Assert.DoesNotContain("1984-06-30", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_fields_are_400_with_errors_per_field()
    {
        var clinic = app.NewClinic();
        var problem = (await clinic.Post("/api/patients", new { firstName = " " }, expect: 400)).Json();
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "firstName", "lastName", "dateOfBirth", "program", "enrolledOn" })
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for {field}");
    }

    [Theory]
    [InlineData("""{"firstName":"A","lastName":"B","dateOfBirth":"1980-01-01","program":"heroin","enrolledOn":"2026-01-01"}""", "program")]
    [InlineData("""{"firstName":"A","lastName":"B","dateOfBirth":"1980-01-01","program":"oud","enrolledOn":20260101}""", "enrolledOn")]
    [InlineData("""{"firstName":42,"lastName":"B","dateOfBirth":"1980-01-01","program":"oud","enrolledOn":"2026-01-01"}""", "firstName")]
    [InlineData("""{"firstName":"A","lastName":"B","dateOfBirth":"1980-13-45","program":"oud","enrolledOn":"2026-01-01"}""", "dateOfBirth")]
    [InlineData("""{"firstName":"A","lastName":"B","dateOfBirth":"1980-01-01","program":"oud","enrolledOn":"2026-01-01","counselingFrequency":1}""", "counselingFrequency")]
    [InlineData("""{"firstName":"A",""", "body")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task Malformed_bodies_are_400_naming_the_field(string body, string field)
    {
        var clinic = app.NewClinic();
        var problem = (await clinic.Send(HttpMethod.Post, "/api/patients", body, expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
    }

    [Fact]
    public async Task A_future_enrollment_date_is_400()
    {
        var clinic = app.NewClinic();
        var problem = (await clinic.Post("/api/patients", Scenarios.Enrollment(DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd")), expect: 400)).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("enrolledOn", out _));
    }

    [Fact]
    public async Task Only_admins_enroll()
    {
        var clinic = app.NewClinic();
        await clinic.Post("/api/patients", Scenarios.Enrollment(), clinic.Token(Roles.Counselor), expect: 403);
        await clinic.Post("/api/patients", Scenarios.Enrollment(), clinic.Token(Roles.Reporter), expect: 403);
    }

    [Fact]
    public async Task An_unknown_patient_is_404_problem()
    {
        var clinic = app.NewClinic();
        var problem = (await clinic.Get($"/api/patients/{Guid.NewGuid()}", expect: 404)).Json();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Another_clinic_cannot_see_the_patient()
    {
        var north = app.NewClinic();
        var south = app.NewClinic();
        var id = await north.EnrolledPatient();
        await south.Get($"/api/patients/{id}", expect: 404);
        await north.Get($"/api/patients/{id}", expect: 200);
    }

    [Fact]
    public async Task A_counselor_sees_only_their_own_caseload()
    {
        var clinic = app.NewClinic();
        var counselor = Guid.NewGuid();
        var mine = await clinic.EnrolledPatient(counselorId: counselor);
        var others = await clinic.EnrolledPatient(counselorId: Guid.NewGuid());
        await clinic.Get($"/api/patients/{mine}", clinic.Token(Roles.Counselor, counselor), expect: 200);
        await clinic.Get($"/api/patients/{others}", clinic.Token(Roles.Counselor, counselor), expect: 404);
    }
}
