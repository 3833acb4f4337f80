using System.Net;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// The live stage's reading of answers, checked on every refusal a real kube-apiserver v1.35.3 sent (see <see cref="OracleCase"/>):
/// each must become findings located at a field of the object, none a raw message about the object as a whole.
/// </summary>
[Trait("Category", "Oracle")]
public sealed class OracleStatusTests
{
    [Fact]
    public void Every_rejected_case_becomes_findings_located_at_a_field_of_the_object()
    {
        var cases = OracleCase.Require().Where(c => c.Rejected).ToList();
        SchemaData? schemaData = null;
        try
        {
            schemaData = SchemaLocator.Locate(null);
        }
        catch (CannotValidateException)
        {
            // Skipped below with the reason.
        }
        VisibleSkip.When(schemaData is null, $"no schema data (set {SchemaLocator.EnvironmentVariable}): a decoder's refusal is located through the kind's schema");
        var schemas = KindSchemas.From(schemaData!, "1.35");
        var unlocated = new List<string>();
        foreach (var oracle in cases)
        {
            var target = oracle.Target();
            var response = new ApiResponse(ApiOutcome.Answered, (HttpStatusCode)oracle.Code, oracle.StatusBody, []);
            var (accepted, findings) = LiveFindings.FromResponse(target, response, ApplyMode.ServerDryRun, PodSecurityEnforcement.None, TimeSpan.FromSeconds(1), schemaOf: schemas.Of);
            accepted.ShouldBeFalse();
            var wrong = findings.Where(f => f.Rule != LiveRules.Rejected || f.Path is null || !IsField(f.Path)).ToList();
            if (findings.Count == 0 || wrong.Count > 0) unlocated.Add($"{oracle}: {oracle.Message} -> {(findings.Count == 0 ? "no finding" : wrong.Describe())}");
        }
        TestContext.Current.SendDiagnosticMessage("{0} of {1} rejected oracle cases become located findings", cases.Count - unlocated.Count, cases.Count);
        unlocated.ShouldBeEmpty($"{unlocated.Count} of {cases.Count} rejected cases:\n{string.Join('\n', unlocated.Take(25))}");
    }

    [Fact]
    public void Every_invalid_message_names_the_causes_its_details_carry()
    {
        // The aggregate writes each distinct "field: body" once; details.causes keep every error. ErrorTypeInvalid and
        // ErrorTypeTypeInvalid are both written "Invalid value", so the text cannot tell them apart.
        var cases = OracleCase.Require().Where(c => c is { Rejected: true, Reason: "Invalid" }).ToList();
        var wrong = new List<string>();
        foreach (var oracle in cases)
        {
            var expected = oracle.Causes.Select(c => (StatusMessages.FieldOrNull((string?)c["field"]), (string?)c["message"], (string?)c["reason"] == "FieldValueTypeInvalid" ? "FieldValueInvalid" : (string?)c["reason"])).Distinct().ToList();
            var parsed = StatusMessages.FieldErrors(oracle.Message!).Select(c => (c.Field, (string?)c.Message, c.Reason)).ToList();
            if (!parsed.SequenceEqual(expected)) wrong.Add($"{oracle}: {oracle.Message}\n  parsed {string.Join(" | ", parsed)}\n  causes {string.Join(" | ", expected)}");
        }
        TestContext.Current.SendDiagnosticMessage("{0} of {1} Invalid messages parse into their causes", cases.Count - wrong.Count, cases.Count);
        wrong.ShouldBeEmpty($"{wrong.Count} of {cases.Count}:\n{string.Join('\n', wrong.Take(15))}");
    }

    /// <summary>A field path of the object (one the object has, or one a "Required value" says it should have).</summary>
    private static bool IsField(string path) => path.Length > 0 && char.IsAsciiLetter(path[0]);
}
