using TreatmentPlatform.Adherence;
using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Reports.Building;

// Rows and totals of each report. Shares are rounded to 4 places.

/// <summary>A row about one patient: reading it is an access to that patient's record (logged).</summary>
public interface IPatientRow
{
    Guid PatientId { get; }
}

public sealed record AdherenceRow(Guid PatientId, IReadOnlyList<string> Forms, int TreatmentDays, int CoveredDays, double? Pdc, bool Adherent) : IPatientRow;
public sealed record AdherenceTotal(string Group, int PatientsWithTreatmentDays, double? ShareAdherent, double? MeanPdc);

public sealed record RetentionRow(Guid PatientId, int Episode, DateOnly EnrolledOn, string EnrollmentMonth, bool? Retained30, bool? Retained90, bool? Retained180) : IPatientRow;
public sealed record RetentionTotal(string EnrollmentMonth, int Episodes, double? ShareRetained30, double? ShareRetained90, double? ShareRetained180);

public sealed record CombinedRow(Guid PatientId, double? Pdc, double? CounselingAdherence, CombinedStatus Status) : IPatientRow;
public sealed record CombinedTotal(CombinedStatus Status, int Patients, double? Share);

public sealed record ContinuityRow(Guid PatientId, IReadOnlyList<string> Forms, int LongestSpanDays, bool MeetsSpan) : IPatientRow;
public sealed record ContinuityTotal(string Form, int Patients, int MeetingSpan);

public sealed record DischargeRow(Guid PatientId, int Episode, DateOnly AdmittedOn, DateOnly DischargedOn, int LengthOfStayDays,
    int TedsCode, DischargeReason Reason, DateOnly LastContactOn) : IPatientRow;
public sealed record DischargeTotal(int TedsCode, DischargeReason Reason, int Episodes);

public sealed record OutcomeGroupRow(string Group, int Patients, double? MeanCravingChangeOpioids, double? MeanCravingChangeAlcohol,
    double? ShareNegativeChecks, double? AdverseEventsPer100TreatmentDays);
