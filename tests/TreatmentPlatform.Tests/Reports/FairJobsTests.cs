using System.Text.Json;
using Marten;
using TreatmentPlatform.Care.Rebuilding;
using TreatmentPlatform.Platform;
using TreatmentPlatform.Reports;
using TreatmentPlatform.Reports.Running;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Reports;

/// <summary>Background work is shared fairly between clinics and bounded per clinic.</summary>
[Collection(ApiCollection.Name)]
public sealed class FairJobsTests(AppFixture app)
{
    private static object Period => new { from = "2026-03-01", to = "2026-03-31" };

    [Fact]
    public async Task A_clinic_with_many_runs_delays_another_clinics_run_by_one_job_at_most()
    {
        var busy = app.NewClinic();
        var quiet = app.NewClinic();
        await busy.EnrolledPatient("2026-03-01");
        await quiet.EnrolledPatient("2026-03-01");

        var many = (await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => busy.Post("/api/reports/adherence/runs", Period, expect: 202))))
            .Select(r => r.Json().GetProperty("runId").GetGuid()).ToList();
        var one = (await quiet.Post("/api/reports/retention/runs", Period, expect: 202)).Json().GetProperty("runId").GetGuid();

        var quietRun = await quiet.Finished($"/api/reports/runs/{one}");
        var (quietAsked, quietDone) = (quietRun.GetProperty("requestedAt").GetDateTimeOffset(), quietRun.GetProperty("completedAt").GetDateTimeOffset());
        var busyDone = new List<DateTimeOffset>();
        foreach (var id in many) busyDone.Add((await busy.Finished($"/api/reports/runs/{id}")).GetProperty("completedAt").GetDateTimeOffset());
        // A first-come queue runs every busy run asked before it first; the lanes let the quiet clinic's run
        // in after the one busy run already in the queue (two if the next had just been sent).
        Assert.InRange(busyDone.Count(d => d > quietAsked && d < quietDone), 0, 2);
        Assert.Equal(12, busyDone.Count(d => d > DateTimeOffset.MinValue));                // and every busy run still ran
    }

    [Fact]
    public async Task Past_the_cap_of_waiting_runs_a_request_gets_429_with_retry_after()
    {
        var clinic = app.NewClinic();
        await using (var session = app.Host.DocumentStore().LightweightSession(clinic.Id))
        {
            for (var i = 0; i < ReportRuns.MaxWaiting; i++)
                session.Store(new ReportRun
                {
                    Id = Guid.CreateVersion7(), Kind = ReportKind.Adherence, From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 31),
                    Status = JobStatus.Queued, RequestedAt = DateTimeOffset.UtcNow,
                });
            await session.SaveChangesAsync();
        }
        var refused = await clinic.Post("/api/reports/adherence/runs", Period, expect: 429);
        Assert.Equal("too-many-runs-waiting", refused.Json().Str("title"));
        Assert.Equal("60", refused.Context.Response.Headers.RetryAfter.ToString());
        await app.NewClinic().Post("/api/reports/adherence/runs", Period, expect: 202);      // other clinics are not held back
    }

    [Fact]
    public async Task A_clinic_has_one_rebuild_in_the_queue_at_a_time()
    {
        var clinic = app.NewClinic();
        var running = new RebuildRun { Id = Guid.CreateVersion7(), Status = JobStatus.Running, RequestedAt = DateTimeOffset.UtcNow };
        await using (var session = app.Host.DocumentStore().LightweightSession(clinic.Id))
        {
            session.Store(running);
            await session.SaveChangesAsync();
        }
        var asked = (await clinic.Send(HttpMethod.Post, "/api/admin/read-models/rebuild", "{}", expect: 202)).Json();
        Assert.Equal(running.Id, asked.GetProperty("runId").GetGuid());
    }
}
