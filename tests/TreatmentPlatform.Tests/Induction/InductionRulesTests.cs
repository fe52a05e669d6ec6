using CsCheck;
using TreatmentPlatform.Induction;

namespace TreatmentPlatform.Tests.Induction;

/// <summary>The induction rule function, pure: boundaries and properties.</summary>
public sealed class InductionRulesTests
{
    private static readonly DateOnly Start = new(2026, 3, 15);

    private static OpioidFreeVerification Negative(DateOnly on, DateOnly? lastUse = null, OpioidKind? kind = null) =>
        new(on, VerificationMethod.UrineDrugScreen, VerificationResult.Negative, lastUse, kind);

    private static InductionDecision Check(params OpioidFreeVerification[] verifications) => InductionRules.Check(Start, verifications, [], []);

    [Theory]
    [InlineData(OpioidKind.ShortActing, 6, false)]
    [InlineData(OpioidKind.ShortActing, 7, true)]
    [InlineData(OpioidKind.Buprenorphine, 13, false)]
    [InlineData(OpioidKind.Buprenorphine, 14, true)]
    [InlineData(OpioidKind.Methadone, 13, false)]
    [InlineData(OpioidKind.Methadone, 14, true)]
    public void Opioid_free_days(OpioidKind kind, int daysBefore, bool allowed)
    {
        var decision = Check(Negative(Start.AddDays(-daysBefore), Start.AddDays(-daysBefore), kind), Negative(Start));
        Assert.Equal(allowed, decision.Allowed);
        if (!allowed) Assert.Equal("opioid-free-period-too-short", decision.Title);
    }

    [Fact]
    public void Without_a_kind_the_last_use_counts_as_short_acting() =>
        Assert.True(Check(Negative(Start.AddDays(-7), Start.AddDays(-7))).Allowed);

    [Fact]
    public void Hepatotoxicity_unresolved_blocks_as_contraindicated()
    {
        var decision = InductionRules.Check(Start, [Negative(Start)], [], [new Hepatotoxicity(Start.AddDays(-3), null)]);
        Assert.Equal("contraindicated", decision.Title);
        Assert.True(InductionRules.Check(Start, [Negative(Start)], [], [new Hepatotoxicity(Start.AddDays(-3), Start)]).Allowed);
    }

    [Fact]
    public void Details_name_the_dates()
    {
        var decision = Check(Negative(Start.AddDays(-6), Start.AddDays(-6)));
        Assert.Contains("2026-03-09", decision.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-03-16", decision.Detail, StringComparison.Ordinal);   // earliest start
    }

    private static readonly Gen<OpioidFreeVerification> GenVerification =
        Gen.Select(Gen.Int[-20, 5], Gen.Int[0, 2], Gen.Bool, Gen.Int[-1, 30], Gen.Int[0, 2],
            (day, method, negative, useBefore, kind) => new OpioidFreeVerification(Start.AddDays(day), (VerificationMethod)method,
                negative ? VerificationResult.Negative : VerificationResult.Positive,
                useBefore < 0 ? null : Start.AddDays(day - useBefore), (OpioidKind)kind));

    private static readonly Gen<Contraindication> GenContraindication =
        Gen.Select(Gen.Int[0, 2], Gen.Int[-30, 5], Gen.Int[-1, 40],
            (kind, noted, resolvedAfter) => new Contraindication((ContraindicationKind)kind, Start.AddDays(noted),
                resolvedAfter < 0 ? null : Start.AddDays(noted + resolvedAfter)));

    [Fact]
    public void Title_is_null_exactly_when_allowed() =>
        Gen.Select(GenVerification.List[0, 6], GenContraindication.List[0, 3]).Sample(t =>
        {
            var decision = InductionRules.Check(Start, t.Item1, t.Item2, []);
            return decision.Allowed == (decision.Title is null) && decision.Allowed == (decision.Detail is null);
        });

    [Fact]
    public void The_order_of_contraindications_does_not_matter() =>
        Gen.Select(GenVerification.List[0, 6], GenContraindication.List[0, 4]).Sample(t =>
            InductionRules.Check(Start, t.Item1, t.Item2, []).BlockedBy ==
            InductionRules.Check(Start, t.Item1, t.Item2.AsEnumerable().Reverse().ToList(), []).BlockedBy);

    [Fact]
    public void A_contraindication_resolved_before_the_start_changes_nothing() =>
        Gen.Select(GenVerification.List[0, 6], GenContraindication.List[0, 3], Gen.Int[1, 30]).Sample(t =>
        {
            var resolved = new Contraindication(ContraindicationKind.LiverFailure, Start.AddDays(-t.Item3 - 5), Start.AddDays(-t.Item3));
            return InductionRules.Check(Start, t.Item1, t.Item2, []).BlockedBy == InductionRules.Check(Start, t.Item1, [.. t.Item2, resolved], []).BlockedBy;
        });

    [Fact]
    public void Other_contraindications_never_block() =>
        Gen.Select(GenVerification.List[0, 6], GenContraindication.List[0, 4]).Sample(t =>
            InductionRules.Check(Start, t.Item1, t.Item2.Select(c => c with { Kind = ContraindicationKind.Other }).ToList(), []).BlockedBy
            != InductionBlock.Contraindicated);

    [Fact]
    public void Starting_earlier_than_the_required_opioid_free_days_is_always_blocked() =>
        Gen.Select(GenVerification.List[1, 6], Gen.Int[1, 13]).Sample(t =>
        {
            var uses = t.Item1.Where(v => v.LastOpioidUseOn is not null).ToList();
            if (uses.Count == 0) return true;
            var lastUse = uses.Max(v => v.LastOpioidUseOn!.Value);
            var start = lastUse.AddDays(Math.Min(t.Item2, 6));   // under 7 days: too short for any kind
            var decision = InductionRules.Check(start, t.Item1, [], []);
            return !decision.Allowed;
        });

    [Fact]
    public void A_clean_record_with_a_negative_screen_on_the_day_is_allowed() =>
        Gen.Int[-400, 400].Sample(offset => InductionRules.Check(Start.AddDays(offset), [Negative(Start.AddDays(offset))], [], []).Allowed);
}
