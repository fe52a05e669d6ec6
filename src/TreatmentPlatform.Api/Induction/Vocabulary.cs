namespace TreatmentPlatform.Induction;

public enum VerificationMethod { UrineDrugScreen, NaloxoneChallenge, SelfReport }

public enum VerificationResult { Negative, Positive }

public enum OpioidKind { ShortActing, Buprenorphine, Methadone }

public enum ContraindicationKind { AcuteHepatitis, LiverFailure, Other }

public sealed record OpioidFreeVerification(DateOnly VerifiedOn, VerificationMethod Method, VerificationResult Result, DateOnly? LastOpioidUseOn, OpioidKind? LastOpioidKind);

public sealed record Contraindication(ContraindicationKind Kind, DateOnly NotedOn, DateOnly? ResolvedOn);

public sealed record Hepatotoxicity(DateOnly OnsetOn, DateOnly? ResolvedOn);
