namespace TreatmentPlatform.Patients;

public enum TreatmentProgram { Oud, Aud, OudAud }

public enum PatientStatus { Enrolled, Active, Discharged }

public enum CounselingFrequency { Weekly, Biweekly, Monthly }

public static class CounselingFrequencyDays
{
    public static int Days(this CounselingFrequency frequency) => frequency switch
    {
        CounselingFrequency.Biweekly => 14,
        CounselingFrequency.Monthly => 28,
        _ => 7,
    };
}
