using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// Holds <c>.github/workflows/validate.yml</c> and <c>action.yml</c> to the CLI: the pull-request job's gate (this
/// repository's action) runs as the runner would run it — its shell script, with GITHUB_ACTIONS, GITHUB_WORKSPACE,
/// GITHUB_STEP_SUMMARY and GITHUB_OUTPUT set to temporary paths and <c>acolhimento-validate</c> on PATH as this
/// repository's own CLI — over a copy of this repository with a planted defect in a base file all clusters share. Then:
/// annotations reach standard output (one per source line, naming every cluster), every file a later step reads exists
/// where that step looks, and no <c>if:</c> asks about a path the runner cannot see.
/// </summary>
[Trait("Category", "Gate")]
public sealed class WorkflowDeliveryTests : IDisposable
{
    private readonly TempRepository _workspace = new();
    private readonly TempRepository _runner = new();

    private static string WorkflowPath => Path.Combine(RepositoryLocator.Root, ".github", "workflows", "validate.yml");

    private static YamlMapping ReadYaml(string path) => (YamlMapping)YamlReader.Read(File.ReadAllText(path)).Documents[0].Root!;

    private static IEnumerable<YamlMapping> Steps(YamlMapping job) => job.Sequence("steps")?.Items.OfType<YamlMapping>() ?? [];

    [Fact]
    public async Task The_pull_request_job_delivers_annotations_sarif_summary_and_comment()
    {
        VisibleSkip.When(OperatingSystem.IsWindows(), "the action's steps are bash scripts for Linux runners");
        var schemas = SchemaDataSkip.RequireDirectory();
        var job = ReadYaml(WorkflowPath).Mapping("jobs")!.Mapping("pull-request")!;
        var steps = Steps(job).ToList();
        var gateStep = steps.Single(s => s.String("id") == "gate");
        gateStep.String("uses").ShouldBe("./", "the workflow runs the gate through this repository's own action");
        var action = ReadYaml(Path.Combine(RepositoryLocator.Root, "action.yml"));

        PrepareWorkspace();
        var temp = _runner.Root;
        // What the action's install and schema steps leave behind: the tool on PATH, the schema data in its folder.
        var bin = Directory.CreateDirectory(Path.Combine(temp, "bin")).FullName;
        var shim = Path.Combine(bin, "acolhimento-validate");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet \"{RepositoryLocator.BuiltCli}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(temp, "acolhimento-validate"));
        Directory.CreateSymbolicLink(Path.Combine(temp, "acolhimento-validate", "k8s"), schemas);

        var expressions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["github.base_ref"] = "main",
            ["runner.temp"] = temp,
            ["github.workspace"] = _workspace.Root,
        };
        var with = gateStep.Mapping("with");
        var inputs = action.Mapping("inputs")!.Entries.ToDictionary(
            e => e.Key.Value,
            e => with?.String(e.Key.Value) is { } given ? Expand(given, expressions) : ((YamlMapping)e.Value).String("default") ?? "",
            StringComparer.Ordinal);
        foreach (var (name, value) in inputs) expressions["inputs." + name] = value;

        var summary = Path.Combine(temp, "step-summary.md");
        var outputFile = Path.Combine(temp, "github-output");
        File.WriteAllText(summary, "");
        File.WriteAllText(outputFile, "");
        var actionGate = Steps(action.Mapping("runs")!).Single(s => s.String("id") == "gate");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = _workspace.Root,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_OUTPUT"] = outputFile,
            ["RUNNER_TEMP"] = temp,
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            [SchemaLocator.EnvironmentVariable] = null, // the step sets it from its own inputs
        };
        foreach (var e in actionGate.Mapping("env")?.Entries ?? []) environment[e.Key.Value] = Expand(((YamlScalar)e.Value).Value, expressions);
        var result = await new ProcessRunner().RunAsync(new ProcessSpec("bash", ["-e", "-c", actionGate.String("run")!], TimeSpan.FromMinutes(10), _workspace.Root, environment),
            TestContext.Current.CancellationToken);
        result.ExitCode.ShouldBe(0, result.StandardError);

        // Annotations on standard output, one per source line, naming every cluster the shared base file reaches.
        var annotations = result.StandardOutput.Split('\n').Where(l => l.StartsWith("::error file=apps/api/service.yaml,", StringComparison.Ordinal)).ToList();
        annotations.ShouldHaveSingleItem(result.StandardOutput);
        annotations[0].ShouldContain("clusters dev, production, staging");

        // The action's outputs, as the workflow's later steps see them.
        var stepOutputs = File.ReadAllLines(outputFile).Where(l => l.Contains('=')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..], StringComparer.Ordinal);
        foreach (var output in action.Mapping("outputs")!.Entries)
        {
            var value = Expand(((YamlMapping)output.Value).String("value")!, new Dictionary<string, string>(
                stepOutputs.Select(kv => KeyValuePair.Create("steps.gate.outputs." + kv.Key, kv.Value)), StringComparer.Ordinal));
            expressions["steps.gate.outputs." + output.Key.Value] = value;
        }
        expressions["steps.gate.outputs.exit-code"].ShouldBe("1", "the planted defect fails the gate");
        File.ReadAllText(summary).ShouldContain("apps/api/service.yaml");

        foreach (var step in steps.SkipWhile(s => s != gateStep).Skip(1))
        {
            var name = step.String("name") ?? step.String("uses") ?? "(step)";
            var condition = step.String("if") ?? "";
            condition.ShouldNotContain("hashFiles(format(", customMessage: $"{name}: hashFiles only sees GITHUB_WORKSPACE; name the file through a step output");
            if (condition.Contains("hashFiles(", StringComparison.Ordinal)) condition.ShouldNotContain("runner.temp", customMessage: name);
            foreach (var reference in References(condition)) expressions.ShouldContainKey(reference, $"{name}: if: refers to {reference}, which no earlier step sets");
            // Every file a later step reads (with: and env: values naming one of the gate's files) exists there.
            foreach (var entry in (step.Mapping("with")?.Entries ?? []).Concat(step.Mapping("env")?.Entries ?? []))
            {
                var text = (entry.Value as YamlScalar)?.Value ?? "";
                if (!text.Contains("steps.gate.outputs.", StringComparison.Ordinal) || text.Contains("exit-code", StringComparison.Ordinal)) continue;
                var path = Expand(text, expressions);
                File.Exists(path).ShouldBeTrue($"{name}: {entry.Key.Value} = {text} → '{path}', which the gate did not write");
            }
        }
        File.ReadAllText(expressions["steps.gate.outputs.sarif"]).ShouldContain("apps/api/service.yaml");
        File.ReadAllText(expressions["steps.gate.outputs.diff"]).ShouldStartWith("<!-- acolhimento-validate:diff -->");
    }

    [Fact]
    public void No_if_condition_asks_hashFiles_about_a_path_outside_the_workspace()
    {
        foreach (var workflow in Directory.GetFiles(Path.GetDirectoryName(WorkflowPath)!, "*.yml").Append(Path.Combine(RepositoryLocator.Root, "action.yml")))
        {
            var root = ReadYaml(workflow);
            var jobs = root.Mapping("jobs")?.Entries.Select(e => (YamlMapping)e.Value) ?? new[] { root.Mapping("runs")! };
            foreach (var step in jobs.SelectMany(Steps))
            {
                var condition = step.String("if") ?? "";
                if (!condition.Contains("hashFiles(", StringComparison.Ordinal)) continue;
                condition.ShouldNotContain("runner.temp", customMessage: $"{Path.GetFileName(workflow)}: {step.String("name")}: hashFiles sees GITHUB_WORKSPACE only");
                condition.ShouldNotContain("RUNNER_TEMP", customMessage: $"{Path.GetFileName(workflow)}: {step.String("name")}");
            }
        }
    }

    [Fact]
    public async Task Action_validator_accepts_both_workflows_and_the_action()
    {
        var validator = Environment.GetEnvironmentVariable("ACOLHIMENTO_ACTION_VALIDATOR") is { Length: > 0 } named ? named
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "action-validator")).FirstOrDefault(File.Exists);
        VisibleSkip.When(validator is null || !File.Exists(validator),
            "action-validator is not installed: `npm install --prefix DIR @action-validator/cli`, then put DIR/node_modules/.bin on PATH or name the program in ACOLHIMENTO_ACTION_VALIDATOR");
        var files = Directory.GetFiles(Path.GetDirectoryName(WorkflowPath)!, "*.yml").Order(StringComparer.Ordinal).Append(Path.Combine(RepositoryLocator.Root, "action.yml")).ToList();
        files.Count.ShouldBe(3);
        foreach (var file in files)
        {
            var result = await new ProcessRunner().RunAsync(new ProcessSpec(validator!, [file], TimeSpan.FromMinutes(2)), TestContext.Current.CancellationToken);
            result.ExitCode.ShouldBe(0, $"{Path.GetFileName(file)}: {result.StandardOutput}{result.StandardError}");
        }
    }

    /// <summary>A clone of this repository with main at its current state and the working tree one defect ahead.</summary>
    private void PrepareWorkspace()
    {
        _workspace.CopyFrom(RepositoryLocator.Root);
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "base");
        Git("update-ref", "refs/remotes/origin/main", "HEAD");
        var service = Path.Combine(_workspace.Root, "apps", "api", "service.yaml");
        File.WriteAllText(service, File.ReadAllText(service).Replace("protocol: TCP", "protocoll: TCP", StringComparison.Ordinal));
    }

    private void Git(params string[] arguments)
    {
        var result = new ProcessRunner().RunAsync(new ProcessSpec("git",
            ["-C", _workspace.Root, "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. arguments], TimeSpan.FromMinutes(2))).GetAwaiter().GetResult();
        result.Succeeded.ShouldBeTrue(result.FailureSummary);
    }

    private static IEnumerable<string> References(string text)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"steps\.[\w-]+\.outputs\.[\w-]+"))
            yield return m.Value;
    }

    /// <summary><c>${{ name }}</c> replaced by its value; names the test does not know become empty, as on the runner.</summary>
    private static string Expand(string text, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\$\{\{\s*([\w.-]+)\s*\}\}", m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : "");

    public void Dispose()
    {
        _workspace.Dispose();
        _runner.Dispose();
    }
}
