namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// A container image reference cut into its parts as container runtimes read it, once for every stage:
/// <c>name[:tag][@digest]</c>, where the tag is the part after the last colon that follows the last slash (a colon
/// before it is a registry port). Source: github.com/distribution/reference <c>reference.go</c> (ReferenceRegexp:
/// name, then optional <c>:tag</c>, then optional <c>@digest</c>). Kustomize's <c>edit set image</c> argument is
/// another grammar (a digest there keeps the tag in the name) and is read by <c>Render.KustomizeOptions</c>.
/// </summary>
internal static class ImageNames
{
    /// <summary><c>registry:5000/team/app:1.2@sha256:…</c> → (<c>registry:5000/team/app</c>, <c>1.2</c>, <c>sha256:…</c>).</summary>
    public static (string Name, string? Tag, string? Digest) Split(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..], digest) : (image, null, digest);
    }
}
