using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>The helm block read as Argo CD's <c>ApplicationSourceHelm</c>, value file globs as doublestar reads them, and templates read for what makes a render unrepeatable.</summary>
[Trait("Category", "Unit")]
public sealed class HelmSourceOptionsTests
{
    private static (HelmSourceOptions Options, IReadOnlyList<HelmOptionProblem> Problems) Read(string helm) =>
        HelmSourceOptions.Read((YamlMapping)YamlReader.Read(helm).Documents[0].Root!, ObjectPath.Of("spec", "source", "helm"));

    [Fact]
    public void Every_field_is_read()
    {
        var (options, problems) = Read("""
            valueFiles: [values-prod.yaml, "$values/env/prod.yaml"]
            ignoreMissingValueFiles: true
            values: "replicas: 2"
            parameters:
              - {name: image.tag, value: "1.2"}
              - {name: label, value: "true", forceString: true}
            fileParameters:
              - {name: ca, path: certs/ca.pem}
            releaseName: web
            namespace: apps
            kubeVersion: "1.34.2"
            apiVersions: [monitoring.coreos.com/v1]
            skipCrds: true
            skipSchemaValidation: true
            skipTests: true
            version: v3
            """);
        problems.ShouldBeEmpty();
        options.ValueFiles.Select(v => v.Value).ShouldBe(["values-prod.yaml", "$values/env/prod.yaml"]);
        options.IgnoreMissingValueFiles.ShouldBeTrue();
        options.Inline.ShouldNotBeNull().Text.ShouldBe("replicas: 2");
        options.Parameters.ShouldBe([new HelmParameter("image.tag", "1.2", false, ObjectPath.Of("spec", "source", "helm", "parameters", 0)),
            new HelmParameter("label", "true", true, ObjectPath.Of("spec", "source", "helm", "parameters", 1))]);
        options.FileParameters.ShouldHaveSingleItem().Path.ShouldBe("certs/ca.pem");
        (options.ReleaseName, options.Namespace, options.KubeVersion).ShouldBe(("web", "apps", "1.34.2"));
        options.ApiVersions.ShouldBe(["monitoring.coreos.com/v1"]);
        (options.SkipCrds, options.SkipSchemaValidation, options.SkipTests).ShouldBe((true, true, true));
    }

    [Fact]
    public void Values_object_wins_over_values_text()
    {
        var (options, _) = Read("values: \"a: 1\"\nvaluesObject:\n  a: 2\n");
        options.Inline.ShouldNotBeNull().Text.ShouldContain("a: 2");
        options.Inline.Text.ShouldNotContain("a: 1");
        Read("values: \"a: 1\"\nvaluesObject: null\n").Options.Inline.ShouldNotBeNull().Text.ShouldBe("a: 1");
        Read("values: \"\"\n").Options.Inline.ShouldBeNull();
    }

    [Theory]
    [InlineData("valueFile: [x.yaml]", "helm.valueFile is not a field of Argo CD's helm source")]
    [InlineData("passCredentials: true", "helm.passCredentials hands the Helm repository's credentials")]
    [InlineData("version: v2", "helm version 'v2' is not supported by Argo CD")]
    [InlineData("skipCrds: \"true\"", "skipCrds must be true or false")]
    [InlineData("parameters:\n  - {name: replicas, value: 3}", "value: 3 is read as a int")]
    [InlineData("parameters:\n  - {name: a, value: b, force: true}", "helm.parameters[].force is not a field")]
    [InlineData("values:\n  a: 1", "values must be a string")]
    [InlineData("valuesObject: [a]", "helm.valuesObject is not a mapping")]
    [InlineData("valueFiles: values.yaml", "helm.valueFiles must be a list of strings")]
    [InlineData("fileParameters: [x]", "helm.fileParameters[0] must be a mapping")]
    public void What_Argo_CD_drops_rejects_or_refuses_is_a_problem_at_its_field(string helm, string expected)
    {
        var problem = Read(helm).Problems.ShouldHaveSingleItem();
        problem.Message.ShouldContain(expected);
        problem.At.Segments.Take(3).ShouldBe(["spec", "source", "helm"]);
    }

    [Fact]
    public void Value_file_globs_match_as_doublestar_does()
    {
        using var repo = new TempRepository()
            .Write("env/a.yaml", "").Write("env/b.yaml", "").Write("env/c.yml", "").Write("env/deep/x/values.yaml", "").Write("env/.hidden.yaml", "");
        ValueFileResolver.Glob(repo.Root, "env/*.yaml").ShouldBe(["env/.hidden.yaml", "env/a.yaml", "env/b.yaml"]);
        ValueFileResolver.Glob(repo.Root, "env/**/values.yaml").ShouldBe(["env/deep/x/values.yaml"]);
        ValueFileResolver.Glob(repo.Root, "env/[ab].yaml").ShouldBe(["env/a.yaml", "env/b.yaml"]);
        ValueFileResolver.Glob(repo.Root, "env/[!a].yaml").ShouldBe(["env/b.yaml"]);
        ValueFileResolver.Glob(repo.Root, "env/?.{yaml,yml}").ShouldBe(["env/a.yaml", "env/b.yaml", "env/c.yml"]);
        ValueFileResolver.Glob(repo.Root, "missing/*.yaml").ShouldBeEmpty();
        ValueFileResolver.Glob(repo.Root, "env/[a.yaml").ShouldBeNull();
    }

    [Fact]
    public void Template_calls_are_found_in_actions_only()
    {
        var calls = TemplateScan.Calls("t.yaml", """
            metadata:
              name: web-{{ randAlphaNum 5 | lower }}
            data:
              token: {{ randAlphaNum 32 | quote }}
              note: "randAlphaNum in text is not a call"
              field: {{ .Values.now }} {{ $now := 1 }} {{ "uuidv4" }}
              stamp: {{ now | date "2006" }}
              host: {{ getHostByName "example.com" }}
              pick: {{ randInt 1 3 }}
            """);
        calls.Select(c => (c.At.Line, c.Function, c.Kind, c.WritesIdentity)).ShouldBe([
            (2, "randAlphaNum", CallKind.Unrepeatable, true),
            (4, "randAlphaNum", CallKind.Random, false),
            (7, "now", CallKind.Unrepeatable, false),
            (7, "date", CallKind.Unrepeatable, false),
            (8, "getHostByName", CallKind.Network, false),
            (9, "randInt", CallKind.Unrepeatable, false),
        ]);
    }

    [Fact]
    public void Kube_version_reads_are_found_through_variables_too()
    {
        TemplateScan.KubeVersionReads("t.yaml", "a: 1\n{{- if semverCompare \">=1.35.1-0\" .Capabilities.KubeVersion.Version }}\n{{ $c := .Capabilities }}{{ $c.KubeVersion.Minor }}\n# KubeVersion in a comment\n")
            .Select(r => r.Line).ShouldBe([2, 3]);
    }
}
