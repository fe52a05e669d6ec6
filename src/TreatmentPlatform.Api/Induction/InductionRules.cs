using System.Globalization;

namespace TreatmentPlatform.Induction;

public enum InductionBlock { Contraindicated, NaloxoneChallengePositive, OpioidFreePeriodTooShort, OpioidFreeVerificationMissing }

public sealed record InductionDecision(InductionBlock? BlockedBy, string? Detail)
{
    public static readonly InductionDecision Allow = new(null, null);

    public bool Allowed => BlockedBy is null;

    /// <summary>The problem title for the blocking rule (docs/clinical-rules.md#induction).</summary>
    public string? Title => BlockedBy switch
    {
        InductionBlock.Contraindicated => "contraindicated",
        InductionBlock.NaloxoneChallengePositive => "naloxone-challenge-positive",
        InductionBlock.OpioidFreePeriodTooShort => "opioid-free-period-too-short",
        InductionBlock.OpioidFreeVerificationMissing => "opioid-free-verification-missing",
        _ => null,
    };
}

/// <summary>
/// Whether naltrexone may start on a day (docs/clinical-rules.md#induction). The first rule that applies is
/// reported, in the order: contraindicated, naloxone challenge, opioid-free period, verification.
/// </summary>
public static class InductionRules
{
    public const int VerificationWindowDays = 7;

    public static InductionDecision Check(DateOnly startOn, IReadOnlyList<OpioidFreeVerification> verifications,
        IReadOnlyList<Contraindication> contraindications, IReadOnlyList<Hepatotoxicity> hepatotoxicity) =>
        Contraindicated(startOn, contraindications, hepatotoxicity)
        ?? NaloxoneChallenge(startOn, verifications)
        ?? OpioidFreePeriod(startOn, verifications)
        ?? Verification(startOn, verifications)
        ?? InductionDecision.Allow;

    private static InductionDecision? Contraindicated(DateOnly startOn, IReadOnlyList<Contraindication> contraindications, IReadOnlyList<Hepatotoxicity> hepatotoxicity)
    {
        bool Open(DateOnly noted, DateOnly? resolved) => noted <= startOn && (resolved is null || resolved > startOn);

        var blocking = contraindications.FirstOrDefault(c => c.Kind != ContraindicationKind.Other && Open(c.NotedOn, c.ResolvedOn));
        if (blocking is not null)
            return Block(InductionBlock.Contraindicated,
                $"{(blocking.Kind == ContraindicationKind.AcuteHepatitis ? "Acute hepatitis" : "Liver failure")} noted on {Day(blocking.NotedOn)} is not resolved by {Day(startOn)}.");
        var liver = hepatotoxicity.FirstOrDefault(h => Open(h.OnsetOn, h.ResolvedOn));
        return liver is null ? null
            : Block(InductionBlock.Contraindicated, $"Hepatotoxicity with onset {Day(liver.OnsetOn)} is not resolved by {Day(startOn)}.");
    }

    private static InductionDecision? NaloxoneChallenge(DateOnly startOn, IReadOnlyList<OpioidFreeVerification> verifications)
    {
        foreach (var challenge in verifications.Where(v => v is { Method: VerificationMethod.NaloxoneChallenge, Result: VerificationResult.Positive }))
        {
            var d = challenge.VerifiedOn;
            if (startOn <= d)
                return Block(InductionBlock.NaloxoneChallengePositive,
                    $"A positive naloxone challenge on {Day(d)} blocks any start before {Day(d.AddDays(1))}, with a new negative verification.");
            if (!verifications.Any(v => v.Result == VerificationResult.Negative && v.VerifiedOn > d && v.VerifiedOn <= startOn))
                return Block(InductionBlock.NaloxoneChallengePositive,
                    $"After the positive naloxone challenge on {Day(d)}, a negative verification dated {Day(d.AddDays(1))} or later (and by {Day(startOn)}) is needed.");
        }
        return null;
    }

    private static InductionDecision? OpioidFreePeriod(DateOnly startOn, IReadOnlyList<OpioidFreeVerification> verifications)
    {
        var uses = verifications.Where(v => v.LastOpioidUseOn is not null).ToList();
        if (uses.Count == 0) return null;
        var lastUse = uses.Max(v => v.LastOpioidUseOn!.Value);
        // The same last-use day reported with different kinds: the longer-acting one decides.
        var longActing = uses.Any(v => v.LastOpioidUseOn == lastUse && v.LastOpioidKind is OpioidKind.Buprenorphine or OpioidKind.Methadone);
        var required = longActing ? 14 : 7;
        var days = startOn.DayNumber - lastUse.DayNumber;
        return days >= required ? null
            : Block(InductionBlock.OpioidFreePeriodTooShort,
                $"Last {(longActing ? "buprenorphine or methadone" : "short-acting opioid")} use on {Day(lastUse)} is {days} days before the start on {Day(startOn)}; " +
                $"at least {required} days are needed (earliest start {Day(lastUse.AddDays(required))}).");
    }

    private static InductionDecision? Verification(DateOnly startOn, IReadOnlyList<OpioidFreeVerification> verifications)
    {
        var windowStart = startOn.AddDays(-VerificationWindowDays);
        OpioidFreeVerification? latest = null;
        foreach (var v in verifications)
            if (v.VerifiedOn >= windowStart && v.VerifiedOn <= startOn && (latest is null || v.VerifiedOn >= latest.VerifiedOn))
                latest = v;
        if (latest is null)
            return Block(InductionBlock.OpioidFreeVerificationMissing,
                $"No opioid-free verification between {Day(windowStart)} and {Day(startOn)}; record a negative one in that window.");
        return latest.Result == VerificationResult.Negative ? null
            : Block(InductionBlock.OpioidFreeVerificationMissing,
                $"The latest verification in the 7 days up to {Day(startOn)} (on {Day(latest.VerifiedOn)}) is positive; a negative one is needed.");
    }

    private static InductionDecision Block(InductionBlock rule, string detail) => new(rule, detail);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
