using Marten;

namespace TreatmentPlatform.Platform.Idempotency;

/// <summary>Deletes a clinic's stored answers past their retention; sent with each nightly run.</summary>
public sealed record SweepStoredResponses;

public static class SweepStoredResponsesHandler
{
    public static void Handle(SweepStoredResponses message, IDocumentSession session, IdempotencySettings settings, TimeProvider clock)
    {
        var cutoff = clock.GetUtcNow() - settings.Retention;
        session.DeleteWhere<IdempotentResponse>(r => r.At < cutoff);
    }
}
