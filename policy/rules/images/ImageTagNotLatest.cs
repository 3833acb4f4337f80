using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.Images;

internal sealed class ImageTagNotLatest : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/image-tag-not-latest",
        Area = "Images",
        Title = "Every image names a tag or digest, and the tag is not latest",
        Severity = Severity.Error,
        Rationale = "Without a tag the runtime pulls latest; latest changes under the same name, so a restart can run different code than was reviewed.",
        Remediation = "Write image: registry/name:<version> (or @sha256:<digest>); set the tag through the overlay's images: entry.",
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var (template, container) in context.Containers())
        {
            if (container.Image is not { } image) continue; // a missing image is the schema stage's finding
            var reference = ImageReference.Parse(image);
            if (reference.Digest is not null)
            {
                // A digest the runtime cannot parse pins nothing: the pull fails, or a tag-less reference is tried.
                if (!reference.HasValidDigest) yield return Report(template.Owner, $"image {image} of container {container.Name} has a malformed digest (expected sha256:<64 hex digits>)", container.Path.Key("image"));
                continue;
            }
            if (reference.Tag is null) yield return Report(template.Owner, $"image {image} of container {container.Name} has no tag or digest (it would pull latest)", container.Path.Key("image"));
            else if (reference.Tag == "latest") yield return Report(template.Owner, $"image {image} of container {container.Name} uses the tag latest", container.Path.Key("image"));
        }
    }
}
