using Marten;
using Wolverine.Marten;

namespace TreatmentPlatform.Patients.Commanding;

/// <summary>A command's answer: the events it decided and the response built from the state they lead to.</summary>
public static class PatientChange
{
    public static async Task<(T, Events)> Respond<T>(IQuerySession session, PatientState patient, IReadOnlyList<object> events,
        Func<PatientState, T> respond, CancellationToken ct, Patient? history = null)
    {
        var after = await PatientHistory.AfterAsync(session, patient, history, events, ct);
        var appended = new Events();
        appended.AddRange(events);
        return (respond(after), appended);
    }
}
