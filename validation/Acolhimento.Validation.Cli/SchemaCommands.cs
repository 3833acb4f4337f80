using Acolhimento.Validation.Kubernetes;
using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Pull;

namespace Acolhimento.Validation.Cli;

/// <summary><c>schemas pull</c>: fills a schema data folder (default: the user cache) with the files <c>validation/schemas.lock.yaml</c> pins.</summary>
public static class SchemaCommands
{
    public static Command Create(TextWriter stdout, Func<HttpMessageHandler>? handlerFactory = null)
    {
        var version = SharedOptions.KubernetesVersion("Kubernetes version (MAJOR.MINOR) whose OpenAPI files to fetch, e.g. 1.35 (default: every version the repository's validation.yaml declares).", required: false);
        var output = SharedOptions.Output("Folder to fill (default: the user cache the validate command reads).");
        var lockFile = new Option<string?>("--lock") { Description = $"Lock file (default: {SchemaLock.DefaultRelativePath} of the repository, else the one this harness ships)." };
        var repo = SharedOptions.Repo();
        var pull = new Command("pull", "Download the pinned Kubernetes OpenAPI files, CRDs and deprecation table, verifying each SHA-256.") { version, output, lockFile, repo };
        pull.SetAction(async (result, cancellationToken) =>
        {
            // The repository's lock, else the harness's own; plus the CRDs its validation.yaml pins under crdSources.
            string? requested = result.GetValue(version);
            var root = result.GetValue(lockFile) is null || result.GetValue(repo) is not null || requested is null ? CommandLine.ResolveRepository(result.GetValue(repo)) : null;
            // Without --k8s-version, the versions validation.yaml declares (read once, with its crdSources).
            var configuration = requested is null ? DeclaredVersions(root!) : null;
            var lockPath = result.GetValue(lockFile) ?? Path.Combine(root!, SchemaLock.DefaultRelativePath);
            if (result.GetValue(lockFile) is not null && !File.Exists(lockPath)) throw new CannotValidateException($"schema lock file {lockPath} does not exist");
            var schemaLock = File.Exists(lockPath) ? SchemaLock.Load(lockPath) : SchemaLock.Builtin();
            if (root is not null) schemaLock = schemaLock.WithCrds(configuration?.CrdSources ?? Configuration.RepositoryConfiguration.CrdSourcesOf(root));
            var target = result.GetValue(output) ?? SchemaLocator.DefaultCacheDirectory();
            using var http = handlerFactory is null ? new HttpClient() : new HttpClient(handlerFactory());
            http.Timeout = TimeSpan.FromMinutes(2);
            foreach (var kubernetesVersion in requested is null ? configuration!.KubernetesVersions : [requested])
            {
                var pulled = await new SchemaPuller(http).PullAsync(schemaLock, kubernetesVersion, target, cancellationToken);
                await stdout.WriteLineAsync($"schema data in {pulled.OutputDirectory}: {pulled.Downloaded.Count} file(s) downloaded, {pulled.AlreadyPresent.Count} already present and verified");
            }
            return CommandLine.Ok;
        });
        return new Command("schemas", "Manage the schema data the schema stage validates against.") { pull };
    }

    private static Configuration.RepositoryConfiguration DeclaredVersions(string root)
    {
        try
        {
            var configuration = Configuration.RepositoryConfiguration.Load(root);
            return configuration.KubernetesVersions.Count > 0 ? configuration : throw new CannotValidateException($"{Configuration.RepositoryConfiguration.FileName} declares no cluster");
        }
        catch (CannotValidateException ex)
        {
            throw new CannotValidateException($"no --k8s-version given and none read from the repository: {ex.Message}");
        }
    }
}
