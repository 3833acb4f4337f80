using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Cli;

/// <summary><c>render --cluster NAME [--application NAME]</c>: the object stream Argo CD would apply, as YAML, in a stable order.</summary>
internal static class RenderCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IProcessRunner runner, PipelineSettings settings)
    {
        var repo = SharedOptions.Repo();
        var cluster = SharedOptions.OneCluster("The cluster to render.");
        var application = new Option<string?>("--application") { Description = "Only the objects of this Application." };
        var withSources = new Option<bool>("--show-sources") { Description = "Precede each object with a comment naming its source file:line." };
        var command = new Command("render", "Print exactly the objects Argo CD would apply to a cluster.") { repo, cluster, application, withSources };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var input = RepositoryInput.Read(root);
            var rendered = await new ValidationPipeline(runner, settings).RenderAsync(input, [result.GetValue(cluster)!], cancellationToken);
            var errors = input.Findings.Concat(rendered.Findings).Where(f => f.CountsAsError).Order(FindingOrder.Instance).ToList();
            foreach (var finding in errors) await stderr.WriteLineAsync(TextReport.FormatFinding(finding));
            var objects = rendered.Clusters.SelectMany(c => c.Objects)
                .Where(o => result.GetValue(application) is not { } app || o.Application == app)
                .ToList();
            if (result.GetValue(application) is { } wanted && rendered.Clusters.SelectMany(c => c.Applications).All(a => a.Name != wanted))
                throw new CannotValidateException($"application {wanted} is not rendered in cluster {result.GetValue(cluster)}");
            foreach (var o in objects)
            {
                await stdout.WriteAsync("---\n");
                if (result.GetValue(withSources)) await stdout.WriteAsync($"# Source: {o.Location} (application {o.Application})\n");
                var yaml = YamlWriter.Write(o.Body);
                await stdout.WriteAsync(yaml.StartsWith("---", StringComparison.Ordinal) ? yaml[(yaml.IndexOf('\n') + 1)..] : yaml);
            }
            return errors.Count > 0 ? CommandLine.FindingsFailed : CommandLine.Ok;
        });
        return command;
    }
}
