namespace TreatmentPlatform.Patients;

public enum TreatmentProgram { Oud, Aud, OudAud }

public enum PatientStatus { Enrolled, Active, Discharged }

/// <summary>Administrative sex as FHIR's AdministrativeGender has it (US Core Patient.gender).</summary>
public enum Sex { Female, Male, Other, Unknown }

public enum CounselingFrequency { Weekly, Biweekly, Monthly }

/// <summary>TEDS discharge reasons; the value is the TEDS code 1–7.</summary>
public enum DischargeReason
{
    Completed = 1,
    DroppedOut = 2,
    Terminated = 3,
    Transferred = 4,
    Incarcerated = 5,
    Death = 6,
    Other = 7,
}

public static class CounselingFrequencyDays
{
    public static int Days(this CounselingFrequency frequency) => frequency switch
    {
        CounselingFrequency.Biweekly => 14,
        CounselingFrequency.Monthly => 28,
        _ => 7,
    };
}
