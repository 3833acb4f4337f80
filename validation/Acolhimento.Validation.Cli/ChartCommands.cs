using System.CommandLine;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render.Charts;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>charts pull</c>: renders the repository offline (as validate does), then fetches every chart and remote base the
/// render found missing from the cache (upstream charts of Applications, dependencies that are not vendored, kustomize
/// helmCharts, remote Kustomize bases at their pinned ref), verifying each
/// against the digest <c>validation/charts.lock.yaml</c> pins, or pinning it there when the lock had none; again until
/// nothing new is missing (a fetched chart may need dependencies of its own).
/// </summary>
public static class ChartCommands
{
    private const int MaxRounds = 4;

    public static Command Create(TextWriter stdout, IProcessRunner runner, PipelineSettings settings, Func<HttpMessageHandler>? handlerFactory = null)
    {
        var repo = SharedOptions.Repo();
        var pull = new Command("pull", $"Fetch the charts the repository renders into the chart cache, verifying (or pinning) each SHA-256 in {ChartLock.RelativePath}.") { repo };
        pull.SetAction(async (result, cancellationToken) =>
        {
            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var store = settings.ChartStore ?? ChartStore.Default();
            using var http = handlerFactory is null ? new HttpClient() : new HttpClient(handlerFactory());
            http.Timeout = TimeSpan.FromMinutes(2);
            var puller = new ChartPuller(http, store);
            var pipeline = new ValidationPipeline(runner, settings with { ChartStore = store });
            var (downloaded, present, pinned) = (0, 0, 0);
            var seen = new HashSet<ArchiveRequest>();
            for (var round = 0; round < MaxRounds; round++)
            {
                var chartLock = ChartLock.Load(root);
                var render = await pipeline.RenderAsync(RepositoryInput.Read(root), [], cancellationToken);
                // What the lock lists is fetched too, so a lock written by hand fills the cache without a render needing it.
                var wanted = render.MissingArchives.Concat(chartLock.Charts.Select(c => new ArchiveRequest(ArchiveKind.Chart, c.Repository, c.Name, c.Version)))
                    .Concat(chartLock.Bases.Select(b => new ArchiveRequest(ArchiveKind.Base, b.Repository, b.Name, b.Version)))
                    .Where(seen.Add).ToList();
                if (wanted.Count == 0) break;
                foreach (var request in wanted)
                {
                    var (pulled, entry) = await puller.PullAsync(request, chartLock.Find(request), cancellationToken);
                    chartLock = chartLock.Pinned(request.Kind, entry);
                    if (pulled.Downloaded) downloaded++;
                    else present++;
                    if (pulled.NewlyPinned)
                    {
                        pinned++;
                        await stdout.WriteLineAsync($"pinned {request.Describe()}: sha256 {pulled.Sha256}");
                    }
                }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, ChartLock.RelativePath))!);
                await File.WriteAllTextAsync(Path.Combine(root, ChartLock.RelativePath), chartLock.Write(), cancellationToken);
            }
            await stdout.WriteLineAsync($"chart cache {store.Root}: {downloaded} archive(s) downloaded, {present} already present and verified, {pinned} newly pinned in {ChartLock.RelativePath}");
            return CommandLine.Ok;
        });
        return new Command("charts", "Manage the chart cache: upstream charts and dependencies, rendered offline from pinned archives.") { pull };
    }
}
