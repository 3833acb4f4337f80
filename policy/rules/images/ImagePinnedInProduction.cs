using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.Images;

internal sealed class ImagePinnedInProduction : PolicyRule
{
    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/image-pinned-in-production",
        Area = "Images",
        Title = "Production images are pinned to a digest or an exact version",
        Severity = Severity.Error,
        Rationale = "Floating tags (1.2, stable, main) move; production must run exactly the build that was promoted.",
        Remediation = "Pin the image to @sha256:<digest> or a full version tag such as 1.4.2 in the production overlay's images: entry.",
        AppliesTo = RuleScope.ProductionOnly,
        Parameters = [SharedParameters.ProductionClusters],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        foreach (var (template, container) in context.Containers())
        {
            if (container.Image is not { } image) continue;
            var reference = ImageReference.Parse(image);
            if (reference.Digest is not null)
            {
                if (!reference.HasValidDigest) yield return Report(template.Owner, $"image {image} of container {container.Name} has a malformed digest (expected sha256:<64 hex>)", container.Path.Key("image"));
                continue;
            }
            if (!reference.HasExactVersionTag)
            {
                yield return Report(template.Owner, $"image {image} of container {container.Name} is neither a digest nor an exact version", container.Path.Key("image"));
            }
        }
    }
}
