using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>The list generator: each element is a parameter set (<c>elementsYaml</c> too, when it is literal YAML).</summary>
internal static class ListGenerator
{
    public static GeneratorOutput Run(YamlMapping list, ObjectPath at, GeneratorContext context)
    {
        var sets = new List<ParameterSet>();
        var elements = list.Sequence("elements")?.Items ?? [];
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is YamlMapping element && ParameterValues.FromNode(element) is IReadOnlyDictionary<string, object?> values)
                sets.Add(new ParameterSet(values, $"list element {i}", at.Key("elements").Index(i)));
            else
                return GeneratorOutput.Failed(context.Error(RenderRules.UnsupportedGenerator, $"list element {i} is {elements[i].Describe()}, not a mapping of parameters", at.Key("elements").Index(i)));
        }
        if (list.String("elementsYaml") is { } yaml)
        {
            try
            {
                foreach (var (item, i) in (ParameterValues.FromYaml(yaml) as IReadOnlyList<object?> ?? throw new TemplateException("not a YAML list")).Select((v, i) => (v, i)))
                {
                    sets.Add(new ParameterSet(item as IReadOnlyDictionary<string, object?> ?? throw new TemplateException($"item {i} is not a mapping"), $"elementsYaml item {i}"));
                }
            }
            catch (TemplateException ex)
            {
                return GeneratorOutput.Failed(context.Error(RenderRules.TemplateError, $"elementsYaml cannot be read: {ex.Message}", at.Key("elementsYaml")));
            }
        }
        return new GeneratorOutput(sets, []);
    }
}
