
namespace TreatmentPlatform.Patients.Discharging;

public static class Discharge
{
    /// <summary>A discharge dated before a recorded service would orphan that service from its episode.</summary>
    public static IResult? NotBeforeLastService(PatientState patient, DateOnly dischargedOn) =>
        patient.LastServiceOn is { } last && dischargedOn < last
            ? Problems.Conflict("discharge-before-last-service",
                $"A service was recorded on {PatientRules.Day(last)}; the discharge cannot be dated before it.")
            : null;
}
