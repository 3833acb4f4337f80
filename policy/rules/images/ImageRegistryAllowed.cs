using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Policy.Rules.Images;

internal sealed class ImageRegistryAllowed : PolicyRule
{
    public static readonly StringListParameter AllowedRegistries = new("allowedRegistries",
        "Registries images may come from. An image without a registry host is docker.io, as container runtimes read it.");

    private static readonly RuleMetadata Info = new()
    {
        Id = "policy/image-registry-allowed",
        Area = "Images",
        Title = "Images come from an allowed registry",
        Severity = Severity.Error,
        Rationale = "Only the allowed registries are mirrored, scanned and reachable from the clusters; anything else is unreviewed supply chain.",
        Remediation = "Pull the image from an allowed registry (publish it there first), or extend allowedRegistries in policy/config.yaml after review.",
        Parameters = [AllowedRegistries],
    };

    public override RuleMetadata Metadata => Info;

    public override IEnumerable<Finding> Evaluate(PolicyContext context)
    {
        var allowed = context.Parameters.Get(AllowedRegistries);
        foreach (var (template, container) in context.Containers())
        {
            if (container.Image is not { } image) continue;
            var registry = ImageReference.Parse(image).Registry;
            if (!allowed.Contains(registry, StringComparer.OrdinalIgnoreCase))
            {
                yield return Report(template.Owner, $"image {image} of container {container.Name} comes from {registry}, not one of {string.Join(", ", allowed)}", container.Path.Key("image"));
            }
        }
    }
}
