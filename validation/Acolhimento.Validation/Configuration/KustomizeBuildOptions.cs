using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Configuration;

/// <summary>
/// The repository's <c>kustomizeBuildOptions</c> (<c>validation.yaml</c>), Argo CD's <c>kustomize.buildOptions</c> setting:
/// the flags its repo server adds to every <c>kustomize build</c>. Only the flags this gate can honour offline are
/// accepted (<c>--enable-helm</c>: helmCharts inflated from the chart cache); any other would render differently from
/// Argo CD unsaid, so it stops the run (exit 2) naming it.
/// </summary>
public sealed record KustomizeBuildOptions(bool EnableHelm)
{
    public static readonly KustomizeBuildOptions None = new(EnableHelm: false);

    private static readonly string[] Honoured = ["--enable-helm", "--enable-helm=true", "--enable-helm=false"];

    public static KustomizeBuildOptions Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var flags = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (flags.FirstOrDefault(f => !Honoured.Contains(f, StringComparer.Ordinal)) is { } other)
            throw new CannotValidateException($"{RepositoryConfiguration.FileName}: kustomizeBuildOptions flag \"{other}\" is not supported by this gate (it honours {Honoured[0]} only); "
                + "a build Argo CD runs with other flags would render differently here");
        // Argo CD looks for the text --enable-helm anywhere in the options (isHelmEnabled); an explicit =false is Kustomize's own reading.
        return new KustomizeBuildOptions(EnableHelm: flags.Any(f => f is "--enable-helm" or "--enable-helm=true"));
    }
}
