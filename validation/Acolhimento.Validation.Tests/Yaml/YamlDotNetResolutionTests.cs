using System.Globalization;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;
using YamlDotNet.Serialization;

namespace Acolhimento.Validation.Tests.Yaml;

/// <summary>
/// Where YamlDotNet's own typing of a plain scalar (its YAML 1.2 core schema, <c>WithAttemptingUnquotedStringTypeDeserialization</c>)
/// differs from Kubernetes' (the recorded go-yaml v2 table), class by class. The gate takes only YamlDotNet's parser
/// events (text, style, tag) and never its typing, so none of these differences reaches a finding; the list says why
/// that matters, and fails when a difference appears that no class explains.
/// </summary>
[Trait("Category", "Unit")]
public partial class YamlDotNetResolutionTests
{
    private static readonly (string Class, string Why, Func<string, string, string, bool> Explains)[] Classes =
    [
        ("yaml-1.1-booleans", "y, n, yes, no, on, off in their cases are booleans in YAML 1.1 (go-yaml v2), strings in YAML 1.2 core",
            (_, kubernetes, yamlDotNet) => kubernetes.StartsWith("bool:", StringComparison.Ordinal) && yamlDotNet.StartsWith("string:", StringComparison.Ordinal)),
        ("digit-separators", "YAML 1.1 numbers may hold underscores (1_000); YAML 1.2 core numbers may not",
            (form, _, _) => form.Contains('_')),
        ("leading-zero-octal", "a leading 0 is octal in YAML 1.1 (010 is 8); YAML 1.2 core reads decimal",
            (form, _, _) => LeadingZero().IsMatch(form)),
        ("prefixes-only-go-reads", "0b binary, 0o octal, upper-case 0X/0O and a sign before 0x are numbers to Go's strconv; YamlDotNet keeps them strings",
            (form, kubernetes, _) => kubernetes.StartsWith("int:", StringComparison.Ordinal) || kubernetes.StartsWith("float:", StringComparison.Ordinal) ? GoPrefix().IsMatch(form) : false),
        ("integral-floats-become-integers", "1.0, 1e3 reach the API server as the JSON integers 1 and 1000 (encoding/json, then apimachinery's int64)",
            (_, kubernetes, yamlDotNet) => kubernetes.StartsWith("int:", StringComparison.Ordinal) && yamlDotNet.StartsWith("float:", StringComparison.Ordinal)),
        ("beyond-int64", "integers above int64 are uint64 to go-yaml and float64 once JSON is read back; YamlDotNet keeps a ulong, or wraps 0xffffffffffffffff to -1",
            (_, kubernetes, yamlDotNet) => kubernetes.StartsWith("float:", StringComparison.Ordinal) && yamlDotNet.StartsWith("int:", StringComparison.Ordinal)),
        ("out-of-range-floats", "Go's ParseFloat refuses 1e400, so go-yaml keeps the string; YamlDotNet reads infinity",
            (_, kubernetes, yamlDotNet) => kubernetes.StartsWith("string:", StringComparison.Ordinal) && yamlDotNet is "float:Infinity" or "float:-Infinity"),
        ("float-precision", "YamlDotNet reads some floats in single precision and the smallest as zero; go-yaml reads float64",
            (_, kubernetes, yamlDotNet) => kubernetes.StartsWith("float:", StringComparison.Ordinal) && yamlDotNet.StartsWith("float:", StringComparison.Ordinal)),
        ("yamldotnet-drops-hex-prefix", "a 0x integer beyond uint64 is a string to both, but YamlDotNet's string loses its 0x",
            (form, kubernetes, yamlDotNet) => kubernetes.StartsWith("string:", StringComparison.Ordinal) && yamlDotNet.StartsWith("string:", StringComparison.Ordinal) && form.Contains("0x", StringComparison.Ordinal)),
        ("non-finite-floats", ".inf and .nan are floats to both, but JSON cannot hold them: Kubernetes' conversion refuses the document",
            (_, kubernetes, _) => kubernetes.StartsWith("error:", StringComparison.Ordinal)),
    ];

    [Fact]
    public void Every_difference_from_yamldotnet_typing_is_a_documented_class()
    {
        var deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var unexplained = new List<string>();
        var seen = new HashSet<string>();
        foreach (var form in ScalarGrammar.Forms())
        {
            var kubernetes = ScalarResolutionTests.GateVerdict("value", ScalarGrammar.Document("v: F", form));
            if (kubernetes.StartsWith("syntax:", StringComparison.Ordinal)) continue;
            var yamlDotNet = YamlDotNetVerdict(deserializer, form);
            if (Normalized(kubernetes) == Normalized(yamlDotNet)) continue;
            var match = Classes.FirstOrDefault(c => c.Explains(form, kubernetes, yamlDotNet));
            if (match.Class is null) unexplained.Add($"[{form}] Kubernetes {kubernetes} | YamlDotNet {yamlDotNet}");
            else seen.Add(match.Class);
        }
        unexplained.ShouldBeEmpty();
        Classes.Select(c => c.Class).Except(seen).ShouldBeEmpty("a documented class no generated form shows any more");
    }

    private static string YamlDotNetVerdict(IDeserializer deserializer, string form)
    {
        try
        {
            var value = deserializer.Deserialize<Dictionary<string, object?>>(ScalarGrammar.Document("v: F", form))["v"];
            return value switch
            {
                null => "null",
                bool b => b ? "bool:true" : "bool:false",
                int or long or uint or ulong or short or ushort or byte or sbyte => "int:" + Convert.ToString(value, CultureInfo.InvariantCulture),
                double d => "float:" + d.ToString("R", CultureInfo.InvariantCulture),
                float f => "float:" + f.ToString("R", CultureInfo.InvariantCulture),
                decimal m => "float:" + m.ToString(CultureInfo.InvariantCulture),
                string s => "string:" + s,
                _ => "other:" + value.GetType().Name,
            };
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return "error:" + e.Message;
        }
    }

    /// <summary>Numbers compared by value, so that 1e+21 and 1E+21 are one.</summary>
    private static string Normalized(string verdict) =>
        verdict.StartsWith("float:", StringComparison.Ordinal) && double.TryParse(verdict[6..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? "float:" + number.ToString("R", CultureInfo.InvariantCulture)
            : verdict;

    [GeneratedRegex("^[-+]?0[0-9_]+$")]
    private static partial Regex LeadingZero();

    [GeneratedRegex("^[-+]?0[bBXOo]|^[-+]0x")]
    private static partial Regex GoPrefix();
}
