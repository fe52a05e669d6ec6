using Marten;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlatform.Care;
using TreatmentPlatform.Tests.Support;

namespace TreatmentPlatform.Tests.Counseling;

[Collection(ApiCollection.Name)]
public sealed class ForwardingTests(AppFixture app)
{
    /// <summary>An event type that is not forwarded would leave the read models behind their patient record.</summary>
    [Fact]
    public void Every_event_type_updates_the_read_models()
    {
        var known = app.Host.Services.GetRequiredService<IDocumentStore>().Options.Events.AllKnownEventTypes().Select(t => t.EventType)
            .Where(t => t.Namespace?.StartsWith("TreatmentPlatform", StringComparison.Ordinal) == true).ToHashSet();
        Assert.NotEmpty(known);
        Assert.Empty(known.Except(CareConfiguration.Forwarded).Select(t => t.Name));
    }
}
