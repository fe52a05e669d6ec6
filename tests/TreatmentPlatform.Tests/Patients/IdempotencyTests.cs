using Alba;
using Marten;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(AppFixture app)
{
    private static Action<Scenario> Key(string key) => s => s.WithRequestHeader("Idempotency-Key", key);

    [Fact]
    public async Task A_repeated_command_with_the_same_key_returns_the_first_response_and_appends_once()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var body = new { kind = "acute-hepatitis", notedOn = "2026-01-06" };

        var first = await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, expect: 200, configure: Key("k-1"));
        var second = await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, expect: 200, configure: Key("k-1"));

        Assert.Equal(first.ReadAsText(), second.ReadAsText());
        Assert.Equal(2, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_body_is_409()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-06" }, expect: 200, configure: Key("k-2"));
        var problem = (await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-07" }, expect: 409, configure: Key("k-2"))).Json();
        Assert.Equal("idempotency-key-reused", problem.Str("title"));
    }

    [Fact]
    public async Task Enrollment_with_a_key_creates_one_patient()
    {
        var clinic = app.NewClinic();
        var first = await clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment(), expect: 201, configure: Key("enroll-1"));
        var again = await clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment(), expect: 201, configure: Key("enroll-1"));
        Assert.Equal(first.Json().Str("id"), again.Json().Str("id"));
        Assert.Equal(first.Context.Response.Headers.Location.ToString(), again.Context.Response.Headers.Location.ToString());
        Assert.Equal(1, (await clinic.Get("/api/patients")).Json().Long("total"));
    }

    [Fact]
    public async Task Parallel_retries_with_one_key_append_once()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var body = new { kind = "other", notedOn = "2026-01-06" };
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, expect: 200, configure: Key("k-par"))));
        Assert.Single(results.Select(r => r.ReadAsText()).Distinct());
        Assert.Equal(2, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task The_stored_response_survives_an_API_restart()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        var body = new { kind = "other", notedOn = "2026-01-06" };
        var first = await clinic.Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, expect: 200, configure: Key("k-restart"));

        // a second, freshly started API process on the same database
        await using var restarted = await AlbaHost.For<Program>(_ => { });
        var again = await new TestClinic(restarted, clinic.Id, clinic.AdminId)
            .Send(HttpMethod.Post, $"/api/patients/{id}/contraindications", body, expect: 200, configure: Key("k-restart"));

        Assert.Equal(first.ReadAsText(), again.ReadAsText());
        await using var session = app.Host.DocumentStore().QuerySession(clinic.Id);
        Assert.Equal(2, (await session.Events.FetchStreamAsync(id)).Count);
    }
}
