using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Tests.Support;

/// <summary>
/// Random but valid patient histories, as the commands would let them happen: back-dated
/// supplies, removals, entries in error, corrections, discharges and readmissions included.
/// </summary>
public static class HistorySimulator
{
    public static readonly DateOnly Origin = new(2026, 1, 1);

    public static List<object> Events(int seed, int steps = 60)
    {
        var random = new Random(seed);
        var id = Guid.NewGuid();
        var episode = 1;
        var enrolledOn = Origin.AddDays(random.Next(20));
        DateOnly? dischargedOn = null;
        var day = enrolledOn;
        var events = new List<object> { new PatientEnrolled(id, TreatmentProgram.Oud, enrolledOn, 1, CounselingFrequency.Weekly, null) };
        var supplies = new List<Guid>();
        var openImplants = new List<(Guid Id, DateOnly On)>();
        var sessions = new List<Guid>();
        var openAdverse = new List<Guid>();
        var lastService = (DateOnly?)null;
        DateOnly? planStart = null;

        DateOnly SomeDay(DateOnly from) => from.AddDays(random.Next(Math.Max(1, day.DayNumber - from.DayNumber + 5)));

        for (var i = 0; i < steps; i++)
        {
            day = day.AddDays(random.Next(4));
            if (dischargedOn is { } discharged)
            {
                if (random.Next(3) > 0) continue;
                enrolledOn = (day > discharged ? day : discharged).AddDays(1 + random.Next(5));
                day = enrolledOn;
                episode++;
                dischargedOn = null;
                supplies.Clear();
                openImplants.Clear();
                sessions.Clear();
                lastService = null;
                planStart = null;
                events.Add(new PatientReadmitted(id, episode, enrolledOn));
                continue;
            }

            var serviceDay = SomeDay(enrolledOn);
            switch (random.Next(16))
            {
                case 0 or 1 or 2:
                    var dose = Supply(new OralDoseTaken(id, episode, Guid.NewGuid(), serviceDay, new[] { 25, 50, 100, 150 }[random.Next(4)], true));
                    events.Add(dose);
                    break;
                case 3:
                    events.Add(Supply(new InjectionAdministered(id, episode, Guid.NewGuid(), serviceDay, 380,
                        random.Next(2) == 0 ? InjectionSite.LeftGluteal : InjectionSite.RightGluteal, null, false, null)));
                    break;
                case 4:
                    var implant = new ImplantInserted(id, episode, Guid.NewGuid(), serviceDay, "probuphine-like", 1 + random.Next(120));
                    openImplants.Add((implant.ImplantId, serviceDay));
                    events.Add(Supply(implant));
                    break;
                case 5 when openImplants.Count > 0:
                    var open = openImplants[random.Next(openImplants.Count)];
                    openImplants.Remove(open);
                    events.Add(new ImplantRemoved(id, episode, open.Id, SomeDay(open.On), null));
                    break;
                case 6 when supplies.Count > 0:
                    var wrong = supplies[random.Next(supplies.Count)];
                    supplies.Remove(wrong);
                    openImplants.RemoveAll(x => x.Id == wrong);
                    events.Add(new SupplyEnteredInError(id, wrong, "wrong patient"));
                    break;
                case 7 or 8:
                    var session = new CounselingSessionRecorded(id, episode, Guid.NewGuid(), Guid.NewGuid(), serviceDay, 50,
                        SessionModality.Individual, (SessionOutcome)random.Next(3));
                    sessions.Add(session.SessionId);
                    if (session.Outcome == SessionOutcome.Attended) lastService = Later(lastService, serviceDay);
                    events.Add(session);
                    break;
                case 9 when sessions.Count > 0:
                    var corrected = new CounselingSessionCorrected(id, sessions[random.Next(sessions.Count)], serviceDay, 45,
                        SessionModality.Group, (SessionOutcome)random.Next(3), "typo");
                    if (corrected.Outcome == SessionOutcome.Attended) lastService = Later(lastService, serviceDay);
                    events.Add(corrected);
                    break;
                case 10:
                    var start = planStart is { } p && p > serviceDay ? p : serviceDay;
                    planStart = start;
                    events.Add(new MedicationPlanSet(id, episode, (MedicationForm)random.Next(3), start, null, null, null, null));
                    break;
                case 11:
                    var adverse = new AdverseEventReported(id, episode, Guid.NewGuid(), serviceDay, (AdverseEventKind)random.Next(6),
                        (AdverseEventSeverity)random.Next(3), random.Next(4) == 0 ? serviceDay.AddDays(random.Next(10)) : null);
                    if (adverse.ResolvedOn is null) openAdverse.Add(adverse.EventId);
                    events.Add(adverse);
                    break;
                case 12 when openAdverse.Count > 0:
                    var resolved = openAdverse[random.Next(openAdverse.Count)];
                    openAdverse.Remove(resolved);
                    events.Add(random.Next(3) == 0
                        ? new OutcomeEnteredInError(id, resolved, "duplicate")
                        : new AdverseEventResolved(id, resolved, day.AddDays(random.Next(5))));
                    break;
                case 13:
                    events.Add(random.Next(2) == 0
                        ? new CravingAssessed(id, episode, Guid.NewGuid(), serviceDay, CravingSubstance.Opioids, random.Next(11))
                        : new OpioidFreeVerified(id, serviceDay, VerificationMethod.UrineDrugScreen, VerificationResult.Negative, null, null));
                    break;
                case 14:
                    events.Add(random.Next(2) == 0
                        ? new CounselorAssigned(id, Guid.NewGuid(), null)
                        : new CounselingFrequencySet(id, (CounselingFrequency)random.Next(3)));
                    break;
                case 15 when random.Next(3) == 0:
                    var on = Later(lastService, day)!.Value;
                    dischargedOn = on;
                    openImplants.Clear();
                    events.Add(new PatientDischarged(id, episode, on, DischargeReason.Completed));
                    break;
            }

            object Supply(object supply)
            {
                supplies.Add(supply switch
                {
                    OralDoseTaken d => d.DoseId,
                    InjectionAdministered j => j.InjectionId,
                    ImplantInserted m => m.ImplantId,
                    _ => throw new InvalidOperationException(),
                });
                lastService = Later(lastService, serviceDay);
                return supply;
            }
        }
        return events;
    }

    /// <summary>The history record after every event, folded from the first.</summary>
    public static Patient Fold(IEnumerable<object> events)
    {
        Patient? history = null;
        var version = 0;
        foreach (var e in events) history = Patient.NextAt(history, e, ++version);
        return history!;
    }

    private static DateOnly? Later(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
}
