using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>Argo CD's <c>spec.source.kustomize</c> options written into a kustomization, as Argo CD's <c>kustomize edit</c> calls do.</summary>
internal static class KustomizeOptions
{
    public static YamlMapping Apply(YamlMapping kustomization, YamlMapping options)
    {
        var result = kustomization;
        foreach (var key in new[] { "namePrefix", "nameSuffix", "namespace" })
        {
            if (options[key] is YamlScalar value) result = result.With(key, value);
        }
        foreach (var key in new[] { "commonLabels", "commonAnnotations" })
        {
            if (options.Mapping(key) is not { } added) continue;
            var merged = (result.Mapping(key)?.Entries ?? []).Where(e => added[e.Key.Value] is null).Concat(added.Entries);
            result = result.With(key, YamlMapping.Build(default, merged));
        }
        if (options.Sequence("images") is { } images)
        {
            var entries = (result.Sequence("images")?.Items ?? []).ToList();
            entries.AddRange(images.Items.OfType<YamlScalar>().Select(i => (YamlNode)ImageEntry(i.Value)));
            result = result.With("images", YamlNodes.Sequence(entries));
        }
        foreach (var key in new[] { "replicas", "patches", "components" })
        {
            if (options.Sequence(key) is not { } added) continue;
            result = result.With(key, YamlNodes.Sequence((result.Sequence(key)?.Items ?? []).Concat(added.Items)));
        }
        return result;
    }

    /// <summary><c>name=newName:tag</c>, <c>name:tag</c> or <c>name@digest</c> → a Kustomize images entry.</summary>
    internal static YamlMapping ImageEntry(string spec)
    {
        var name = spec;
        string? newName = null;
        var eq = spec.IndexOf('=');
        if (eq >= 0)
        {
            name = spec[..eq];
            newName = spec[(eq + 1)..];
        }
        var image = newName ?? name;
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        string? tag = null, digest = null;
        var at = image.IndexOf('@');
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        else
        {
            var colon = image.LastIndexOf(':');
            if (colon > image.LastIndexOf('/'))
            {
                tag = image[(colon + 1)..];
                image = image[..colon];
            }
        }
        if (newName is null) name = image;
        entries.Add(new(YamlNodes.Scalar("name"), YamlNodes.Scalar(name)));
        if (newName is not null) entries.Add(new(YamlNodes.Scalar("newName"), YamlNodes.Scalar(image)));
        if (tag is not null) entries.Add(new(YamlNodes.Scalar("newTag"), YamlNodes.Scalar(tag)));
        if (digest is not null) entries.Add(new(YamlNodes.Scalar("digest"), YamlNodes.Scalar(digest)));
        return YamlMapping.Build(default, entries);
    }
}
