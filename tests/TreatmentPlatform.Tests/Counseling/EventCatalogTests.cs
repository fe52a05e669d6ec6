using Marten;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

[Collection(ApiCollection.Name)]
public sealed class EventCatalogTests(AppFixture app)
{
    /// <summary>Event types are registered in one place; the importer and the store know the same ones.</summary>
    [Fact]
    public void The_store_knows_exactly_the_patient_events()
    {
        var known = app.Host.Services.GetRequiredService<IDocumentStore>().Options.Events.AllKnownEventTypes().Select(t => t.EventType)
            .Where(t => t.Namespace?.StartsWith("TreatmentPlatform", StringComparison.Ordinal) == true).ToHashSet();
        Assert.Equal(PatientEvents.All.OrderBy(t => t.Name).Select(t => t.Name), known.OrderBy(t => t.Name).Select(t => t.Name));
    }
}
