using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.Core.Reflection;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace TreatmentPlatform.Patients.Commanding;

/// <summary>
/// Puts every endpoint whose request is an <see cref="IPatientCommand"/> under the same rules:
/// <see cref="PatientCommandMiddleware"/> before it, the first answer stored for its
/// Idempotency-Key in the command's own transaction, and <see cref="LostRaceRetry"/> around it.
/// </summary>
public sealed class PatientCommandPolicy : IHttpPolicy
{
    private static readonly MethodInfo RememberMethod = typeof(PatientCommandPolicy).GetMethod(nameof(Remember))!;

    public static void Apply(WolverineHttpOptions opts)
    {
        opts.AddMiddlewareByMessageType(typeof(PatientCommandMiddleware));
        opts.AddPolicy<PatientCommandPolicy>();
    }

    public static bool IsPatientCommand(HttpChain chain) => chain.RequestType?.CanBeCastTo<IPatientCommand>() == true;

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(IsPatientCommand))
        {
            chain.Metadata.WithMetadata(new LostRaceRetry.Marker());
            if (chain.ResourceType is { } response && response != typeof(void))
                chain.Postprocessors.Insert(0, new MethodCall(typeof(PatientCommandPolicy), RememberMethod.MakeGenericMethod(response)));
        }
    }

    /// <summary>Stored with the events, so the key and its answer exist exactly when the change does.</summary>
    public static void Remember<T>(RequestKey key, IDocumentSession session, T response, IEventStream<PatientState> stream,
        IOptions<JsonOptions> json, TimeProvider clock)
    {
        // No key, or this answer was rebuilt from a receipt already kept.
        if (key.Lookup is not { Stored: null } lookup || response is null) return;
        lookup.Remember(session, StatusCodes.Status200OK, response, null, stream.Id, clock.GetUtcNow(), json.Value.SerializerOptions);
    }
}
