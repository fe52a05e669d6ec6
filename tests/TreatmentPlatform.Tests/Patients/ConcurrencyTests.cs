using Marten;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Patients;

[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(AppFixture app)
{
    [Fact]
    public async Task A_stale_expectedVersion_is_409_and_appends_nothing()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient();
        await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-06", expectedVersion = 1 }, expect: 200);
        var problem = (await clinic.Post($"/api/patients/{id}/contraindications", new { kind = "other", notedOn = "2026-01-07", expectedVersion = 1 }, expect: 409)).Json();
        Assert.Equal("version-conflict", problem.Str("title"));
        Assert.Equal(2, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }

    [Fact]
    public async Task Enrollments_in_a_new_clinic_never_conflict_and_the_clinic_gets_one_nightly_schedule()
    {
        var clinic = app.NewClinic();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            clinic.Send(HttpMethod.Post, "/api/patients", Scenarios.Enrollment("2026-01-05"))));
        Assert.All(results, r => Assert.Equal(201, r.Context.Response.StatusCode));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        TreatmentPlatform.Reports.Scheduling.NightlySchedule? schedule = null;
        while (schedule is null && DateTime.UtcNow < deadline)
        {
            await using var session = app.Host.DocumentStore().QuerySession(clinic.Id);
            schedule = await session.LoadAsync<TreatmentPlatform.Reports.Scheduling.NightlySchedule>(TreatmentPlatform.Reports.Scheduling.NightlySchedule.DocumentId);
            await Task.Delay(100);
        }
        Assert.NotNull(schedule);
        await using (var session = app.Host.DocumentStore().QuerySession())
        {
            // exactly one durable scheduled run for this clinic, however many enrollments raced
            var scheduled = await session.QueryAsync<int>(
                "select count(*)::int from tp.wolverine_incoming_envelopes where status = 'Scheduled' and message_type ilike '%nightly%due%' " +
                "and position(convert_to(?, 'UTF8') in body) > 0", clinic.Id);
            Assert.Equal(1, scheduled[0]);
        }
    }

    [Fact]
    public async Task Twenty_parallel_commands_on_one_patient_lose_nothing()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => clinic.Post($"/api/patients/{id}/opioid-free-verifications",
            new { verifiedOn = new DateOnly(2026, 1, 6).AddDays(i).ToString("yyyy-MM-dd"), method = "self-report", result = "negative" }, expect: null)));

        var codes = results.Select(r => r.Context.Response.StatusCode).ToList();
        Assert.All(codes, c => Assert.Contains(c, new[] { 200, 409 }));
        await using var session = app.Host.DocumentStore().QuerySession(clinic.Id);
        var events = await session.Events.FetchStreamAsync(id);
        Assert.Equal(1 + codes.Count(c => c == 200), events.Count);
        // each acknowledged command's version is a distinct event in the stream
        var versions = results.Where(r => r.Context.Response.StatusCode == 200).Select(r => r.Json().Long("version")).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.All(versions, v => Assert.InRange(v, 2, events.Count));
    }

    [Fact]
    public async Task Twenty_parallel_commands_with_the_same_expectedVersion_let_exactly_one_win()
    {
        var clinic = app.NewClinic();
        var id = await clinic.EnrolledPatient("2026-01-05");
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => clinic.Post($"/api/patients/{id}/contraindications",
            new { kind = "other", notedOn = "2026-01-06", expectedVersion = 1 }, expect: null)));
        var codes = results.Select(r => r.Context.Response.StatusCode).ToList();
        Assert.Equal(1, codes.Count(c => c == 200));
        Assert.Equal(19, codes.Count(c => c == 409));
        Assert.Equal(2, (await clinic.Get($"/api/patients/{id}")).Json().Long("version"));
    }
}
