using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TreatmentPlatform.Adherence;
using TreatmentPlatform.Adherence.Reading;
using TreatmentPlatform.Care.Rebuilding;
using TreatmentPlatform.Clinics;
using TreatmentPlatform.Clinics.Settings;
using TreatmentPlatform.Counseling;
using TreatmentPlatform.Counseling.Caseload;
using TreatmentPlatform.Counseling.Correcting;
using TreatmentPlatform.Counseling.Recording;
using TreatmentPlatform.Induction;
using TreatmentPlatform.Interop.BulkExport;
using TreatmentPlatform.Induction.Contraindications;
using TreatmentPlatform.Induction.Verifying;
using TreatmentPlatform.Medication;
using TreatmentPlatform.Medication.Correcting;
using TreatmentPlatform.Medication.Dosing;
using TreatmentPlatform.Medication.Implanting;
using TreatmentPlatform.Medication.Injecting;
using TreatmentPlatform.Medication.Planning;
using TreatmentPlatform.Outcomes;
using TreatmentPlatform.Outcomes.Recording;
using TreatmentPlatform.Patients;
using TreatmentPlatform.Patients.Assigning;
using TreatmentPlatform.Patients.Correcting;
using TreatmentPlatform.Patients.Discharging;
using TreatmentPlatform.Patients.Enrolling;
using TreatmentPlatform.Patients.History;
using TreatmentPlatform.Patients.Listing;
using TreatmentPlatform.Patients.Reading;
using TreatmentPlatform.Patients.Readmitting;
using TreatmentPlatform.Privacy;
using TreatmentPlatform.Privacy.Consents;
using TreatmentPlatform.Privacy.Disclosures;
using TreatmentPlatform.Privacy.Erasure;
using TreatmentPlatform.Reports;
using TreatmentPlatform.Reports.Building;
using TreatmentPlatform.Reports.Running;
using TreatmentPlatform.Worklist;

namespace TreatmentPlatform.Platform;

/// <summary>
/// Request and response examples in the OpenAPI document: one example per body type, written as
/// the real record and serialized with the API's own JSON options, so an example cannot drift
/// from its schema. The patient (an obviously invented "Ada Example") enrolled on 2 March 2026,
/// started the monthly injection on 10 March and sees counselor <see cref="Counselor"/>.
/// </summary>
public sealed class OpenApiExamples : IOpenApiOperationTransformer
{
    private static readonly JsonSerializerOptions Json = HttpApi.CreateJson();
    private static readonly Guid Patient = Guid.Parse("5b7e2c1a-3f4d-4e8b-9a61-0c2d8e4f7a10");
    private static readonly Guid Counselor = Guid.Parse("a1c3e5f7-0b2d-4f68-8a9c-1e3f5a7c9e20");
    private static readonly Guid Admin = Guid.Parse("0f9e8d7c-6b5a-4938-8271-6a5b4c3d2e30");
    private static readonly Guid Record = Guid.Parse("c4d5e6f7-0819-4a2b-8c3d-4e5f60718290");
    private static readonly DateOnly Enrolled = new(2026, 3, 2), Started = new(2026, 3, 10), CoveredTo = new(2026, 4, 6);
    private static readonly DateTimeOffset At = new(2026, 3, 10, 14, 5, 0, TimeSpan.Zero);
    private static readonly MedicationPlanRecord Plan = new(MedicationForm.Injectable, Started, 380, null, 28, null);
    private static readonly PatientView Ada = new(Patient, "Ada", "Example", new DateOnly(1990, 1, 1), "EX-000123", Sex.Female, TreatmentProgram.OudAud,
        PatientStatus.Active, 1, Enrolled, null, null, Counselor, CounselingFrequency.Weekly, Plan, CoveredTo, 6);
    private static readonly Alert Gap = new(AlertKind.MedicationGap, AlertSeverity.Medium, CoveredTo.AddDays(1), 4);
    private static readonly ClinicReport Discharges = new(ReportKind.Discharges, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31),
        [new DischargeRow(Patient, 1, Enrolled, new DateOnly(2026, 9, 7), 189, 1, DischargeReason.Completed, new DateOnly(2026, 9, 3))],
        [new DischargeTotal(1, DischargeReason.Completed, 1)]);

    /// <summary>Keyed by the body's type; a list of one of them gets a one-item array.</summary>
    internal static readonly IReadOnlyDictionary<Type, object> Examples = new Dictionary<Type, object>
    {
        // Clinics
        [typeof(UpdateClinicSettings)] = new UpdateClinicSettings("America/Chicago", 0.80m, 0.75m, 14, 7, 30, 30, 1.5m, 8, 180,
            "urn:oid:2.16.840.1.113883.3.9999.1"),
        [typeof(ClinicSettings)] = ClinicSettings.Default with { TimeZone = "America/Chicago" },
        // Patients
        [typeof(EnrollPatient)] = new EnrollPatient("Ada", "Example", new DateOnly(1990, 1, 1), "EX-000123", Sex.Female, TreatmentProgram.OudAud, Enrolled,
            CounselingFrequency.Weekly, Counselor),
        [typeof(PatientEnrollmentResponse)] = new PatientEnrollmentResponse(Patient, 1, PatientStatus.Enrolled, 1),
        [typeof(PatientView)] = Ada,
        [typeof(PatientPage)] = new PatientPage([Ada], 1),
        [typeof(CorrectDemographics)] = new CorrectDemographics("Ada", "Example-Sample", null, null, null, 6),
        [typeof(DemographicsCorrectedResponse)] = new DemographicsCorrectedResponse(7, ["lastName"]),
        [typeof(AssignCounselor)] = new AssignCounselor(Counselor, 2),
        [typeof(SetCounselingFrequency)] = new SetCounselingFrequency(CounselingFrequency.Biweekly, null),
        [typeof(DischargePatient)] = new DischargePatient(new DateOnly(2026, 9, 7), DischargeReason.Completed, null),
        [typeof(DischargeResponse)] = new DischargeResponse(31, 1, new DateOnly(2026, 9, 7), 1, 189),
        [typeof(ReadmitPatient)] = new ReadmitPatient(new DateOnly(2026, 11, 2), null),
        [typeof(ReadmissionResponse)] = new ReadmissionResponse(32, 2, PatientStatus.Enrolled),
        [typeof(HistoryEntry)] = new HistoryEntry(nameof(InjectionAdministered), 6, At, JsonSerializer.SerializeToElement(
            new InjectionAdministered(Patient, 1, Record, Started, 380, InjectionSite.LeftGluteal, "NTX-24A117", false, null), Json)),
        [typeof(VersionResponse)] = new VersionResponse(7),
        // Induction
        [typeof(RecordOpioidFreeVerification)] = new RecordOpioidFreeVerification(new DateOnly(2026, 3, 9), VerificationMethod.UrineDrugScreen,
            VerificationResult.Negative, new DateOnly(2026, 3, 1), OpioidKind.ShortActing, null),
        [typeof(NoteContraindication)] = new NoteContraindication(ContraindicationKind.AcuteHepatitis, new DateOnly(2026, 3, 4), null, null),
        [typeof(ContraindicationNotedResponse)] = new ContraindicationNotedResponse(Record, 3),
        [typeof(ResolveContraindication)] = new ResolveContraindication(new DateOnly(2026, 3, 8), null),
        // Medication
        [typeof(SetMedicationPlan)] = new SetMedicationPlan(MedicationForm.Injectable, Started, 380, null, null, null, null, 4),
        [typeof(MedicationPlanResponse)] = new MedicationPlanResponse(5, Plan, null),
        [typeof(RecordOralDose)] = new RecordOralDose(Started, 50, true, null),
        [typeof(OralDoseResponse)] = new OralDoseResponse(Record, 6, Started),
        [typeof(RecordInjection)] = new RecordInjection(Started, 380, InjectionSite.LeftGluteal, "NTX-24A117", null, null),
        [typeof(InjectionResponse)] = new InjectionResponse(Record, 6, CoveredTo, false),
        [typeof(InsertImplant)] = new InsertImplant(Started, "naltrexone implant (example product)", 180, null),
        [typeof(ImplantResponse)] = new ImplantResponse(Record, 6, new DateOnly(2026, 9, 5)),
        [typeof(RemoveImplant)] = new RemoveImplant(new DateOnly(2026, 6, 1), "Site infection; removed early.", null),
        [typeof(EnterSupplyInError)] = new EnterSupplyInError("Recorded on the wrong patient.", null),
        [typeof(CoverageResponse)] = new CoverageResponse(8, CoveredTo),
        // Counseling
        [typeof(RecordCounselingSession)] = new RecordCounselingSession(Counselor, new DateOnly(2026, 3, 12), 50, SessionModality.Individual,
            SessionOutcome.Attended, null),
        [typeof(CounselingSessionResponse)] = new CounselingSessionResponse(Record, 7),
        [typeof(CorrectCounselingSession)] = new CorrectCounselingSession(null, 45, null, null, "Session ended early; minutes corrected.", 7),
        [typeof(CaseloadResponse)] = new CaseloadResponse(Counselor, new DateOnly(2026, 4, 10),
            [new CaseloadItem(Patient, "Ada", "Example", TreatmentProgram.OudAud, PatientStatus.Active, MedicationForm.Injectable, 0.9,
                new DateOnly(2026, 4, 2), CoveredTo, CoveredTo.AddDays(1), 40, CombinedStatus.Combined, [Gap])]),
        // Adherence
        [typeof(AdherenceResponse)] = new AdherenceResponse(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 16), 0.7143, 5, 7, false,
            [new Gap(new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 16), 2)], 5, [MedicationForm.Oral],
            new CounselingPart(1, 1, 0, 1.0, true), CombinedStatus.CounselingOnly,
            [new AdherenceDay(new DateOnly(2026, 3, 10), true, true), new AdherenceDay(new DateOnly(2026, 3, 15), false, true)], 9),
        // Outcomes
        [typeof(RecordCravingAssessment)] = new RecordCravingAssessment(new DateOnly(2026, 3, 12), CravingSubstance.Alcohol, 6, null),
        [typeof(CravingAssessmentResponse)] = new CravingAssessmentResponse(Record, 8),
        [typeof(RecordSubstanceUseCheck)] = new RecordSubstanceUseCheck(new DateOnly(2026, 3, 12), CheckMethod.UrineDrugScreen,
            CheckedSubstance.Opioids, CheckResult.Negative, null),
        [typeof(SubstanceUseCheckResponse)] = new SubstanceUseCheckResponse(Record, 8),
        [typeof(ReportAdverseEvent)] = new ReportAdverseEvent(new DateOnly(2026, 3, 11), AdverseEventKind.InjectionSiteReaction,
            AdverseEventSeverity.Mild, null, null),
        [typeof(AdverseEventResponse)] = new AdverseEventResponse(Record, 8),
        [typeof(ResolveAdverseEvent)] = new ResolveAdverseEvent(new DateOnly(2026, 3, 14), null),
        [typeof(EnterOutcomeInError)] = new EnterOutcomeInError("Score entered for the wrong substance.", null),
        [typeof(OutcomeSummary)] = new OutcomeSummary([new CravingChange(CravingSubstance.Alcohol, 6, 2, -4)], new CheckSummary(4, 4, 1.0, 22),
            [new AdverseEventRecord(Record, new DateOnly(2026, 3, 11), AdverseEventKind.InjectionSiteReaction, AdverseEventSeverity.Mild, new DateOnly(2026, 3, 14))]),
        [typeof(ChartResponse)] = new ChartResponse(Patient, 1, Enrolled, null,
            [new CounselingSessionRecord(Record, Counselor, new DateOnly(2026, 3, 12), 50, SessionModality.Individual, SessionOutcome.Attended)],
            [new CravingRecord(Record, new DateOnly(2026, 3, 12), CravingSubstance.Alcohol, 6)],
            [new SubstanceCheckRecord(Record, new DateOnly(2026, 3, 12), CheckMethod.UrineDrugScreen, CheckedSubstance.Opioids, CheckResult.Negative)],
            [new AdverseEventRecord(Record, new DateOnly(2026, 3, 11), AdverseEventKind.InjectionSiteReaction, AdverseEventSeverity.Mild, null)], 8),
        // Worklist
        [typeof(WorklistResponse)] = new WorklistResponse(new DateOnly(2026, 4, 10),
            [new WorklistItem(Patient, Gap.Kind, Gap.Severity, Gap.Since, Gap.GapDays, "Ada", "Example", TreatmentProgram.OudAud, 40,
                CoveredTo.AddDays(1), 0.9, CombinedStatus.Combined)]),
        // Reports
        [typeof(ClinicReport)] = Discharges,
        [typeof(RequestReportRun)] = new RequestReportRun(Discharges.From, Discharges.To),
        [typeof(ReportRunAccepted)] = new ReportRunAccepted(Record),
        // Interop
        [typeof(ExportManifest)] = new ExportManifest(At, "https://clinic.example.org/api/fhir/$export?_type=Patient,MedicationAdministration", true,
            [new ExportOutput("Patient", $"https://clinic.example.org/api/fhir/$export/{Record}/Patient", 812),
             new ExportOutput("MedicationAdministration", $"https://clinic.example.org/api/fhir/$export/{Record}/MedicationAdministration", 4_530)], []),
        [typeof(ReportRunView)] = new ReportRunView(Record, Discharges.Kind, JobStatus.Done, Discharges.From, Discharges.To, ReportTrigger.OnDemand,
            At, At.AddSeconds(3), 4_812, JsonSerializer.SerializeToElement(Discharges, Json), null),
        // Privacy
        [typeof(RecordConsent)] = new RecordConsent("Example County Probation Office", "Verify treatment attendance for a court order",
            [DisclosureScope.Medication, DisclosureScope.Counseling], new DateOnly(2026, 3, 2), new DateOnly(2027, 3, 1), PurposeOfUse.Legal, null),
        [typeof(ConsentRecorded)] = new ConsentRecorded(Record, 3),
        [typeof(ConsentView)] = new ConsentView(Record, "Example County Probation Office", "Verify treatment attendance for a court order",
            [DisclosureScope.Medication, DisclosureScope.Counseling], new DateOnly(2026, 3, 2), new DateOnly(2027, 3, 1), null, true,
            PurposeOfUse.Legal),
        [typeof(RevokeConsent)] = new RevokeConsent(new DateOnly(2026, 6, 1), null),
        [typeof(DiscloseRecord)] = new DiscloseRecord(Record, "json", null),
        [typeof(DisclosedRecord)] = new DisclosedRecord(Guid.Parse("d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6"), 9, "Example County Probation Office",
            "Verify treatment attendance for a court order", [DisclosureScope.Demographics], At, RedisclosureNotice.Text,
            new DisclosedDemographics(Patient, "Ada", "Example", new DateOnly(1990, 1, 1), "EX-000123", Sex.Female, false), null, null, null, null),
        [typeof(DisclosureRecord)] = new DisclosureRecord(Guid.Parse("d0e1f2a3-b4c5-4d6e-8f70-8192a3b4c5d6"), Record, "Example County Probation Office",
            "Verify treatment attendance for a court order", [DisclosureScope.Medication, DisclosureScope.Counseling], At, Admin),
        [typeof(EraseDemographics)] = new EraseDemographics("Patient's written request under the clinic's erasure policy.", null),
        [typeof(AccessLogPage)] = new AccessLogPage([new AccessLogEntry
        {
            Id = Guid.Parse("e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7"), At = At, UserId = Counselor, Role = "counselor", Clinic = "north",
            Method = "GET", Route = "/api/patients/{id}/adherence", PatientId = Patient, PatientIds = [Patient],
        }], 1),
        // Care
        [typeof(RebuildAccepted)] = new RebuildAccepted(Record),
        [typeof(RebuildRun)] = new RebuildRun { Id = Record, Status = JobStatus.Running, Streams = 1200, Events = 48_000, Written = 450, RequestedAt = At },
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body is not null && operation.RequestBody?.Content is { } request)
            SetExample(request, body);
        foreach (var response in context.Description.SupportedResponseTypes)
        {
            if (response.Type is { } type && operation.Responses?.GetValueOrDefault(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Content is { } content)
                SetExample(content, type);
        }
        return Task.CompletedTask;
    }

    private static void SetExample(IDictionary<string, OpenApiMediaType> content, Type type)
    {
        if (ExampleOf(type) is not { } example) return;
        foreach (var media in content.Where(c => c.Key.EndsWith("json", StringComparison.Ordinal)).Select(c => c.Value))
            media.Example = example.DeepClone();
    }

    private static JsonNode? ExampleOf(Type type)
    {
        if (Examples.TryGetValue(type, out var value))
            return JsonSerializer.SerializeToNode(value, type, Json);
        var item = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return item is not null && Examples.TryGetValue(item, out var one)
            ? new JsonArray(JsonSerializer.SerializeToNode(one, item, Json))
            : null;
    }
}
