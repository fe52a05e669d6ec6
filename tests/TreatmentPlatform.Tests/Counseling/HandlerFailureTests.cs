using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Care;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace TreatmentPlatform.Tests.Counseling;

[Collection(ApiCollection.Name)]
public sealed class HandlerFailureTests(AppFixture app)
{
    /// <summary>Fails every read-model update of one patient, as a bug or bad data would.</summary>
    private sealed class FailingFor(HashSet<Guid> broken) : ICareProjector
    {
        private readonly CareProjector _real = new();

        public void Project(IDocumentSession session, Patient patient)
        {
            if (broken.Contains(patient.Id)) throw new InvalidOperationException("simulated read-model failure");
            _real.Project(session, patient);
        }
    }

    [Fact]
    public async Task A_failing_update_retries_then_waits_in_dead_letters_without_blocking_others_and_replays()
    {
        var broken = new HashSet<Guid>();
        await using var faulty = await AlbaHost.For<Program>(b => b.ConfigureServices(s => s.AddSingleton<ICareProjector>(new FailingFor(broken))));
        var clinic = new TestClinic(faulty);
        var healthy = await clinic.EnrolledPatient("2026-03-01");
        var failing = await clinic.EnrolledPatient("2026-03-01");
        broken.Add(failing);
        await clinic.Put($"/api/patients/{failing}/counseling-frequency", new { counselingFrequency = "monthly" });
        await clinic.Put($"/api/patients/{healthy}/counseling-frequency", new { counselingFrequency = "monthly" });

        var deadLetters = faulty.Services.GetRequiredService<IWolverineRuntime>().Storage.DeadLetters;
        var query = new DeadLetterEnvelopeQuery { MessageType = typeof(PatientChanged).FullName, PageSize = 500 };
        await Eventually(async () => (await deadLetters.QueryAsync(query, default)).Envelopes
            .Any(e => e.ExceptionMessage == "simulated read-model failure"));
        // the other patient's read model kept up
        await Eventually(async () => (await Care(healthy, clinic.Id))?.CounselingFrequency == CounselingFrequency.Monthly);
        Assert.NotEqual(CounselingFrequency.Monthly, (await Care(failing, clinic.Id))?.CounselingFrequency);

        // the cause is fixed (a node without the fault takes over) and the dead letters are replayed
        await faulty.StopAsync();
        await app.Host.Services.GetRequiredService<IWolverineRuntime>().Storage.DeadLetters.ReplayAsync(query, default);
        await Eventually(async () => (await Care(failing, clinic.Id))?.CounselingFrequency == CounselingFrequency.Monthly);
    }

    private async Task<PatientCare?> Care(Guid id, string clinic)
    {
        await using var session = app.Host.DocumentStore().QuerySession(clinic);
        return await session.LoadAsync<PatientCare>(id);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(200);
        }
    }
}
