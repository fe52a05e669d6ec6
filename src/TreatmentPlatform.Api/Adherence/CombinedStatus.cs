namespace TreatmentPlatform.Adherence;

public enum CombinedStatus { Combined, MedicationOnly, CounselingOnly, Neither }

public static class Combined
{
    /// <summary>A null PDC or no expected sessions counts as not adherent.</summary>
    public static CombinedStatus Of(bool medicationAdherent, bool counselingAdherent) => (medicationAdherent, counselingAdherent) switch
    {
        (true, true) => CombinedStatus.Combined,
        (true, false) => CombinedStatus.MedicationOnly,
        (false, true) => CombinedStatus.CounselingOnly,
        _ => CombinedStatus.Neither,
    };

    public static bool MedicationAdherent(double? pdc, decimal threshold) => pdc is { } p && (decimal)p >= threshold;
}
