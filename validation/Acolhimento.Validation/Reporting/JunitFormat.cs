using System.Globalization;
using System.Text;
using System.Xml;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// JUnit XML as GitHub test reporters and Azure DevOps read it: <c>testsuites</c>, one <c>testsuite</c> per cluster and
/// stage (findings without a cluster under "repository"), one <c>testcase</c> per (rule, object). A case fails when a
/// finding fails the run; its <c>failure</c> text lists <c>file:line: message</c>. Waived findings are skipped cases,
/// other findings are kept in <c>system-out</c>. A suite without findings holds one passing case, so it is visible.
/// </summary>
internal sealed class JunitFormat : IOutputFormat
{
    public const string RepositorySuite = "repository";

    public string Name => "junit";
    public string Description => "JUnit XML: a suite per cluster and stage, a case per rule and object";
    public string DefaultFileName => "report.junit.xml";

    private sealed record Case(string Name, string ClassName, IReadOnlyList<Finding> Findings);

    private sealed record Suite(string Cluster, string Stage, IReadOnlyList<Case> Cases);

    public string Write(ValidationReport report, ReportContext context)
    {
        var suites = Suites(report, context);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", ReportContext.ToolName);
            WriteCounts(w, suites.SelectMany(s => s.Cases).ToList(), context, report.CannotValidateReason is null ? 0 : 1);
            w.WriteAttributeString("time", Seconds(report.Summary.DurationMs));
            if (report.CannotValidateReason is { } reason) WriteCannotValidate(w, reason);
            foreach (var suite in suites)
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", $"{suite.Cluster} / {suite.Stage}");
                WriteCounts(w, suite.Cases, context, 0);
                w.WriteAttributeString("time", "0");
                foreach (var c in suite.Cases) WriteCase(w, c, context);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static List<Suite> Suites(ValidationReport report, ReportContext context)
    {
        var keys = new SortedSet<(string Cluster, string Stage)>(Comparer<(string, string)>.Create((a, b) =>
        {
            var c = StageRank(a.Item2).CompareTo(StageRank(b.Item2));
            if (c != 0) return c;
            c = (a.Item1 == RepositorySuite ? 0 : 1).CompareTo(b.Item1 == RepositorySuite ? 0 : 1);
            return c != 0 ? c : string.CompareOrdinal(a.Item1, b.Item1);
        }));
        foreach (var stage in context.Stages)
        {
            if (stage == Stages.Parse) keys.Add((RepositorySuite, stage));
            else foreach (var cluster in context.Clusters) keys.Add((cluster, stage));
        }
        foreach (var f in report.Findings) keys.Add((f.Cluster ?? RepositorySuite, f.Stage));
        return keys.Select(k =>
        {
            var findings = report.Findings.Where(f => (f.Cluster ?? RepositorySuite) == k.Cluster && f.Stage == k.Stage).ToList();
            var cases = findings
                .GroupBy(f => (f.Rule, Subject: Subject(f)))
                .Select(g => new Case($"{g.Key.Rule} {g.Key.Subject}", $"{k.Cluster}.{k.Stage}", g.ToList()))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            if (cases.Count == 0) cases.Add(new Case($"{k.Stage}: no findings", $"{k.Cluster}.{k.Stage}", []));
            return new Suite(k.Cluster, k.Stage, cases);
        }).ToList();
    }

    private static int StageRank(string stage)
    {
        var i = Stages.All.ToList().IndexOf(stage);
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>The object a finding is about, else its file: what a test case is named after.</summary>
    private static string Subject(Finding f) =>
        f.Object is { } o ? SarifFormat.ObjectText(o) + (f.Application is { } app ? $" (application {app})" : "")
        : f.Location?.File ?? "(repository)";

    private static void WriteCounts(XmlWriter w, IReadOnlyCollection<Case> cases, ReportContext context, int errors)
    {
        w.WriteAttributeString("tests", (cases.Count + errors).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", cases.Count(c => c.Findings.Any(context.Fails)).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", cases.Count(IsSkipped).ToString(CultureInfo.InvariantCulture));
    }

    private static bool IsSkipped(Case c) => c.Findings.Count > 0 && c.Findings.All(f => f.Waiver is not null);

    private static void WriteCase(XmlWriter w, Case c, ReportContext context)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("name", c.Name);
        w.WriteAttributeString("classname", c.ClassName);
        if (c.Findings.FirstOrDefault(f => f.Location is not null)?.Location is { } first)
        {
            w.WriteAttributeString("file", first.File);
            w.WriteAttributeString("line", first.Line.ToString(CultureInfo.InvariantCulture));
        }
        w.WriteAttributeString("time", "0");
        var failing = c.Findings.Where(context.Fails).ToList();
        if (failing.Count > 0)
        {
            w.WriteStartElement("failure");
            w.WriteAttributeString("message", $"{Where(failing[0])}: {failing[0].Message}");
            w.WriteAttributeString("type", failing[0].Rule);
            w.WriteString(string.Join("\n", failing.Select(f => $"{Where(f)}: {f.Message}")));
            w.WriteEndElement();
        }
        else if (IsSkipped(c))
        {
            w.WriteStartElement("skipped");
            w.WriteAttributeString("message", string.Join("; ", c.Findings.Select(f => $"waived by {f.Waiver}: {context.WaiverReason(f)}").Distinct()));
            w.WriteEndElement();
        }
        var other = c.Findings.Where(f => !context.Fails(f)).ToList();
        if (other.Count > 0 && !IsSkipped(c))
        {
            w.WriteElementString("system-out", string.Join("\n", other.Select(f => $"{Where(f)}: {Label(f)} {f.Message}")));
        }
        w.WriteEndElement();
    }

    private static string Label(Finding f) => f.Waiver is null ? f.Severity.ToString().ToLowerInvariant() + ":" : $"waived {f.Severity.ToString().ToLowerInvariant()} ({f.Waiver}):";

    private static string Where(Finding f) => f.Location is { } l ? $"{l.File}:{l.Line}" : "(repository)";

    private static void WriteCannotValidate(XmlWriter w, string reason)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", "validation");
        w.WriteAttributeString("tests", "1");
        w.WriteAttributeString("failures", "0");
        w.WriteAttributeString("errors", "1");
        w.WriteAttributeString("skipped", "0");
        w.WriteStartElement("testcase");
        w.WriteAttributeString("name", "the gate could run");
        w.WriteAttributeString("classname", "validation");
        w.WriteStartElement("error");
        w.WriteAttributeString("message", $"could not validate: {reason}");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
