using System.Text;
using System.Text.Json;
using Bogus;
using JasperFx.Events;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Patients;
using Weasel.Core;

namespace TreatmentPlatform.Seeder;

public sealed record GeneratedHistory(Guid PatientId, string Json, int EventCount, DateOnly? OpenOralSince);

/// <summary>
/// One synthetic patient's year: enrollment in the last 12 months, induction, a plan (oral 45%,
/// injectable 40%, implant 15%), doses or injections or implants with a per-patient adherence,
/// counseling at the chosen frequency, monthly cravings and substance-use checks, and a discharge
/// for about a quarter of them.
/// </summary>
public sealed class HistoryGenerator(int seed, DateOnly today, int counselors)
{
    private readonly Faker _faker = new() { Random = new Randomizer(seed) };
    private readonly Marten.Services.SystemTextJsonSerializer _json = new() { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase };
    public List<Guid> Counselors { get; } = Enumerable.Range(0, counselors).Select(_ => Guid.NewGuid()).ToList();

    public GeneratedHistory Next()
    {
        var r = _faker.Random;
        var id = Guid.CreateVersion7();
        var events = new List<(DateOnly On, object Event)>();
        var program = r.WeightedRandom([TreatmentProgram.Oud, TreatmentProgram.Aud, TreatmentProgram.OudAud], [0.55f, 0.35f, 0.10f]);
        var enrolledOn = today.AddDays(-r.Int(0, 364));
        var frequency = r.WeightedRandom([CounselingFrequency.Weekly, CounselingFrequency.Biweekly, CounselingFrequency.Monthly], [0.6f, 0.3f, 0.1f]);
        var counselor = r.ListItem(Counselors);
        events.Add((enrolledOn, new PatientEnrolled(id, program, enrolledOn, 1, frequency, counselor)));
        events.Add((enrolledOn, new OpioidFreeVerified(id, enrolledOn, VerificationMethod.UrineDrugScreen, VerificationResult.Negative, enrolledOn.AddDays(-10), OpioidKind.ShortActing)));

        var end = r.Bool(0.25f) ? Min(today, enrolledOn.AddDays(r.Int(20, 300))) : today;
        var discharged = end < today;
        var start = Min(end, enrolledOn.AddDays(r.Int(0, 7)));
        var form = r.WeightedRandom([MedicationForm.Oral, MedicationForm.Injectable, MedicationForm.Implant], [0.45f, 0.40f, 0.15f]);
        var adherence = r.Float(0.45f, 0.99f);
        events.Add((start, form switch
        {
            MedicationForm.Oral => new MedicationPlanSet(id, 1, form, start, 50, OralSchedule.Daily, null, null),
            MedicationForm.Injectable => new MedicationPlanSet(id, 1, form, start, Regimen.InjectionDoseMg, null, null, null),
            _ => new MedicationPlanSet(id, 1, form, start, null, null, Coverage.DefaultImplantCoverageDays, "naltrexone implant"),
        }));
        Supplies(events, id, form, start, end, adherence);
        Sessions(events, id, counselor, frequency, enrolledOn, end, adherence);
        Outcomes(events, id, program, enrolledOn, end, adherence);
        if (discharged)
            events.Add((end, new PatientDischarged(id, 1, end, r.Enum<DischargeReason>())));

        var ordered = events.OrderBy(e => e.On).ThenBy(e => e.Event is PatientDischarged).Select(e => e.Event).ToList();
        var person = new Bogus.Person(seed: r.Int());
        return new GeneratedHistory(id, Line(id, person, ordered), ordered.Count,
            !discharged && form == MedicationForm.Oral ? start : null);
    }

    private void Supplies(List<(DateOnly, object)> events, Guid id, MedicationForm form, DateOnly start, DateOnly end, float adherence)
    {
        var r = _faker.Random;
        switch (form)
        {
            case MedicationForm.Oral:
                for (var day = start; day <= end; day = day.AddDays(1))
                    if (r.Float() < adherence) events.Add((day, new OralDoseTaken(id, 1, Guid.CreateVersion7(), day, 50, r.Bool(0.3f))));
                break;
            case MedicationForm.Injectable:
                var site = InjectionSite.LeftGluteal;
                for (var day = start; day <= end; day = day.AddDays(28 + (int)((1 - adherence) * r.Int(0, 30))))
                {
                    events.Add((day, new InjectionAdministered(id, 1, Guid.CreateVersion7(), day, Regimen.InjectionDoseMg, site, $"L{r.Int(1000, 9999)}", false, null)));
                    site = site == InjectionSite.LeftGluteal ? InjectionSite.RightGluteal : InjectionSite.LeftGluteal;
                }
                break;
            default:
                for (var day = start; day <= end; day = day.AddDays(Coverage.DefaultImplantCoverageDays + r.Int(0, 20)))
                    events.Add((day, new ImplantInserted(id, 1, Guid.CreateVersion7(), day, "naltrexone implant", Coverage.DefaultImplantCoverageDays)));
                break;
        }
    }

    private void Sessions(List<(DateOnly, object)> events, Guid id, Guid counselor, CounselingFrequency frequency, DateOnly from, DateOnly end, float adherence)
    {
        var r = _faker.Random;
        for (var day = from.AddDays(r.Int(0, 6)); day <= end; day = day.AddDays(frequency.Days()))
        {
            var outcome = r.Float() < adherence ? SessionOutcome.Attended : r.Bool() ? SessionOutcome.NoShow : SessionOutcome.Cancelled;
            events.Add((day, new CounselingSessionRecorded(id, 1, Guid.CreateVersion7(), counselor, day, r.ArrayElement([45, 50, 60, 90]),
                r.Enum<SessionModality>(), outcome)));
        }
    }

    private void Outcomes(List<(DateOnly, object)> events, Guid id, TreatmentProgram program, DateOnly from, DateOnly end, float adherence)
    {
        var r = _faker.Random;
        var substance = program == TreatmentProgram.Aud ? CravingSubstance.Alcohol : CravingSubstance.Opioids;
        var checkedSubstance = program == TreatmentProgram.Aud ? CheckedSubstance.Alcohol : CheckedSubstance.Opioids;
        var method = program == TreatmentProgram.Aud ? CheckMethod.Breathalyzer : CheckMethod.UrineDrugScreen;
        var month = 0;
        for (var day = from; day <= end; day = day.AddDays(30), month++)
        {
            // Cravings ease and abstinence improves with time and adherence, with noise.
            var score = Math.Clamp((int)Math.Round(8 - month * adherence + r.Int(-2, 2)), 0, 10);
            events.Add((day, new CravingAssessed(id, 1, Guid.CreateVersion7(), day, substance, score)));
            var result = r.Float() < 0.15f + (1 - adherence) * 0.5f ? CheckResult.Positive : CheckResult.Negative;
            events.Add((day, new SubstanceUseChecked(id, 1, Guid.CreateVersion7(), day, method, checkedSubstance, result)));
        }
    }

    private string Line(Guid id, Bogus.Person person, List<object> events)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("patientId", id);
            w.WriteStartObject("demographics");
            w.WriteString("firstName", person.FirstName);
            w.WriteString("lastName", person.LastName);
            w.WriteString("dateOfBirth", DateOnly.FromDateTime(person.DateOfBirth).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("mrn", $"MRN{_faker.Random.Int(100000, 999999)}");
            w.WriteEndObject();
            w.WriteStartArray("events");
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("type", e.GetType().GetEventTypeName());
                w.WritePropertyName("data");
                w.WriteRawValue(_json.ToJson(e), skipInputValidation: true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
