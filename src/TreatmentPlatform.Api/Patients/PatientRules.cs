using System.Globalization;

namespace TreatmentPlatform.Patients;

/// <summary>State checks shared by the commands on a patient (409s) and date checks (400s).</summary>
public static class PatientRules
{
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IResult? NotDischarged(PatientState patient) => patient.IsDischarged
        ? Problems.Conflict("patient-discharged",
            $"Episode {patient.Episode} was discharged on {Day(patient.DischargedOn!.Value)}; readmit the patient before recording more.")
        : null;

    public static IResult? NotInFuture(DateOnly date, string field, DateOnly today) => date > today
        ? Problems.Invalid(field, $"{field} cannot be in the future (today is {Day(today)} in the clinic).")
        : null;

    public static IResult? NotBeforeEnrollment(DateOnly date, string field, PatientState patient) => date < patient.EnrolledOn
        ? Problems.Invalid(field, $"{field} cannot be before the episode's enrollment on {Day(patient.EnrolledOn)}.")
        : null;

    /// <summary>
    /// Ending something that started on <paramref name="startedOn"/> (a contraindication, adverse
    /// event, consent, implant): once only, not in the future, not before it started.
    /// </summary>
    public static IResult? Ending(string what, DateOnly? alreadyEndedOn, DateOnly endedOn, DateOnly startedOn, string field, DateOnly today) => First(
        alreadyEndedOn is { } already ? Problems.Conflict($"already-{field switch { "revokedOn" => "revoked", "removedOn" => "removed", _ => "resolved" }}",
            $"This {what} was already ended on {Day(already)}.") : null,
        NotInFuture(endedOn, field, today),
        endedOn < startedOn ? Problems.Invalid(field, $"{field} cannot be before the {what} began on {Day(startedOn)}.") : null);

    /// <summary>The first refusal among the checks, in the order given.</summary>
    public static IResult? First(params IResult?[] checks) => checks.FirstOrDefault(c => c is not null);
}

public sealed record VersionResponse(long Version);
