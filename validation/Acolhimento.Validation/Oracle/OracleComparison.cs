using Acolhimento.Validation.Schema;

namespace Acolhimento.Validation.Oracle;

/// <summary>Agreement on one side of the API server's verdicts: of <see cref="Total"/> cases, <see cref="Agreeing"/> judged alike.</summary>
public sealed record Agreement(int Agreeing, int Total)
{
    public double Percent => Total == 0 ? 100.0 : 100.0 * Agreeing / Total;

    public override string ToString() => $"{Agreeing}/{Total} ({Percent.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} %)";
}

/// <summary>
/// The comparison of a whole cases file: every case judged (in file order), agreement both ways, and the disagreements
/// split into those documented as deliberate (<see cref="KnownDifferences"/>) and the others.
/// </summary>
public sealed record OracleComparison(IReadOnlyList<OracleJudgement> Judgements, KnownDifferences Known)
{
    /// <summary>Argo CD Applications are judged, but their figures are kept apart (<see cref="IsApplication"/>): the gate reads them as render instructions first.</summary>
    public static bool IsApplication(OracleCase item) => item.Kind == "Application";

    public static OracleComparison Run(IReadOnlyList<OracleCase> cases, SchemaStage stage, string kubernetesVersion, KnownDifferences? known = null)
    {
        var judge = new OracleJudge(stage, kubernetesVersion);
        var judgements = new OracleJudgement[cases.Count];
        Parallel.For(0, cases.Count, i => judgements[i] = judge.Judge(cases[i]));
        return new OracleComparison(judgements, known ?? KnownDifferences.None);
    }

    public IEnumerable<OracleJudgement> Headline => Judgements.Where(j => !IsApplication(j.Case));

    public IEnumerable<OracleJudgement> Applications => Judgements.Where(j => IsApplication(j.Case));

    /// <summary>Rejections the gate catches at the API server's field, over all rejections (Applications apart).</summary>
    public Agreement Rejected => Side(Headline, rejected: true);

    /// <summary>Acceptances the gate does not refuse, over all acceptances (Applications apart).</summary>
    public Agreement Accepted => Side(Headline, rejected: false);

    public Agreement ApplicationsRejected => Side(Applications, rejected: true);

    public Agreement ApplicationsAccepted => Side(Applications, rejected: false);

    public IReadOnlyList<OracleJudgement> Disagreements => Judgements.Where(j => !j.Agrees).ToList();

    /// <summary>Disagreements not listed as deliberate differences.</summary>
    public IReadOnlyList<OracleJudgement> Unexplained => Judgements.Where(j => !j.Agrees && !Known.Contains(j.Case.Id)).ToList();

    /// <summary>Listed differences whose case now agrees, or is not in the file: the list is out of date.</summary>
    public IReadOnlyList<string> StaleDifferences
    {
        get
        {
            var disagreeing = Judgements.Where(j => !j.Agrees).Select(j => j.Case.Id).ToHashSet(StringComparer.Ordinal);
            return Known.Ids.Where(id => !disagreeing.Contains(id)).Order(StringComparer.Ordinal).ToList();
        }
    }

    public bool Meets(double goalPercent) => Rejected.Percent >= goalPercent && Accepted.Percent >= goalPercent;

    private static Agreement Side(IEnumerable<OracleJudgement> judgements, bool rejected)
    {
        var side = judgements.Where(j => j.Case.Rejected == rejected).ToList();
        return new Agreement(side.Count(j => j.Agrees), side.Count);
    }
}
