using TreatmentPlatform.Patients;

namespace TreatmentPlatform.Privacy.Consents;

/// <summary>What a consent lets the clinic disclose (42 CFR Part 2: the amount and kind of information).</summary>
public enum DisclosureScope { Demographics, Medication, Counseling, Outcomes }

/// <summary>
/// Why the recipient may have the record, as the HL7 v3 PurposeOfUse codes name it (docs/fhir-codes.md);
/// the consent's own <c>purpose</c> text stays the patient's words.
/// </summary>
public enum PurposeOfUse { Treatment, Payment, Operations, Research, PublicHealth, Legal, PatientRequest, CareCoordination }

/// <remarks><see cref="PurposeOfUse"/> was added later; consents granted before it read as null.</remarks>
public sealed record ConsentGranted(Guid PatientId, Guid ConsentId, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope,
    DateOnly GrantedOn, DateOnly ExpiresOn, PurposeOfUse? PurposeOfUse = null);

public sealed record ConsentRevoked(Guid PatientId, Guid ConsentId, DateOnly RevokedOn);

public sealed record RecordDisclosed(Guid PatientId, Guid DisclosureId, Guid ConsentId, string Recipient, string Purpose,
    IReadOnlyList<DisclosureScope> Scope, DateTimeOffset DisclosedAt, Guid DisclosedBy);

public sealed record ConsentRecord(Guid Id, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope,
    DateOnly GrantedOn, DateOnly ExpiresOn, DateOnly? RevokedOn, PurposeOfUse? PurposeOfUse = null)
{
    public static ConsentRecord From(ConsentGranted e) => new(e.ConsentId, e.Recipient, e.Purpose, e.Scope, e.GrantedOn, e.ExpiresOn, null, e.PurposeOfUse);

    public bool ActiveOn(DateOnly day) => GrantedOn <= day && day <= ExpiresOn && (RevokedOn is null || RevokedOn > day);
}

public sealed record DisclosureRecord(Guid Id, Guid ConsentId, string Recipient, string Purpose, IReadOnlyList<DisclosureScope> Scope,
    DateTimeOffset DisclosedAt, Guid DisclosedBy);

public static class RedisclosureNotice
{
    /// <summary>The notice 42 CFR 2.32 requires to accompany each disclosure.</summary>
    public const string Text =
        "This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). " +
        "These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, " +
        "in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, " +
        "unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with " +
        "42 CFR 2.64 or 2.65. In addition, the federal rules prohibit you from making any other use or disclosure of this record unless at least one " +
        "of the following applies: (i) Further use or disclosure is expressly permitted by the written consent of the individual whose information is " +
        "being disclosed in this record or as otherwise permitted by 42 CFR part 2. (ii) You are a covered entity or business associate and have " +
        "received the record for treatment, payment, or health care operations, or (iii) You have received the record from a covered entity or " +
        "business associate as permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other " +
        "information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).";
}
