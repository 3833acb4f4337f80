using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Policy;

/// <summary>A container image reference split as container runtimes read it: <c>[registry/]repository[:tag][@digest]</c>.</summary>
internal sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DefaultRegistry = "docker.io";

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    public bool HasValidDigest => Digest is not null && DigestPattern().IsMatch(Digest);

    /// <summary>A full semantic version (1.2.3, v1.2.3, 1.2.3-alpine): floating tags like 1.2, stable or main are not exact.</summary>
    public bool HasExactVersionTag => Tag is not null && Render.RevisionPins.IsExactVersion(Tag);

    public static ImageReference Parse(string image)
    {
        var (text, tag, digest) = Kubernetes.ImageNames.Split(image.Trim());
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : text[..slash];
        var hasRegistry = slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost");
        var registry = hasRegistry ? first : DefaultRegistry;
        var repository = hasRegistry ? text[(slash + 1)..] : text;
        return new ImageReference(registry == "index.docker.io" ? DefaultRegistry : registry, repository, tag, digest);
    }
}
