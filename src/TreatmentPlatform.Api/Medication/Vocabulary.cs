using TreatmentPlatform.Adherence;

namespace TreatmentPlatform.Medication;

public enum OralSchedule { Daily, EveryOtherDay, EveryThirdDay, MonWedFri }

public enum InjectionSite { LeftGluteal, RightGluteal }

/// <summary>The regimen numbers (docs/clinical-rules.md#medication-forms-and-coverage).</summary>
public static class Regimen
{
    public const int InjectionDoseMg = 380;

    public static int DefaultOralDose(OralSchedule schedule) => schedule switch
    {
        OralSchedule.EveryOtherDay => 100,
        OralSchedule.EveryThirdDay => 150,
        OralSchedule.MonWedFri => 100,
        _ => 50,
    };

    /// <summary>
    /// Oral doses a schedule allows: 25 mg (the first, test dose) and 50 mg always, 100 mg every
    /// other day or Mon/Wed/Fri, 150 mg every third day or on the Friday of Mon/Wed/Fri.
    /// </summary>
    public static IReadOnlyList<int> OralDoses(OralSchedule schedule) => schedule switch
    {
        OralSchedule.EveryOtherDay => [25, 50, 100],
        OralSchedule.EveryThirdDay => [25, 50, 100, 150],
        OralSchedule.MonWedFri => [25, 50, 100, 150],
        _ => [25, 50],
    };

    public static string Name(this MedicationForm form) => form switch
    {
        MedicationForm.Oral => "oral",
        MedicationForm.Injectable => "injectable",
        _ => "implant",
    };
}
