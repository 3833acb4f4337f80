using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>A string of a template that could not be rendered with one parameter set.</summary>
internal sealed record TemplateProblem(string Rule, string Message, ObjectPath At);

/// <summary>
/// Renders every string of a YAML tree with one parameter set, field by field as Argo CD's ApplicationSet controller
/// does: fasttemplate mode replaces <c>{{name}}</c> with flat parameters (an unknown one stays literal: reported), Go
/// template mode runs <see cref="GoTemplate"/> (a missing key, an unknown function or <c>&lt;no value&gt;</c>: reported).
/// Rendered strings keep their template's position, so findings point at the template line.
/// </summary>
internal static partial class TemplateRendering
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-\[\]]+)\s*\}\}")]
    private static partial Regex Placeholder();

    public static YamlNode Render(YamlNode node, ParameterSet parameters, TemplateMode mode, ObjectPath at, List<TemplateProblem> problems)
    {
        var flat = mode.GoTemplate ? null : parameters.Flat();
        return Walk(node, at);

        YamlNode Walk(YamlNode current, ObjectPath path) => current switch
        {
            YamlMapping m => YamlMapping.Build(m.Start, m.Entries.Select(e => new KeyValuePair<YamlScalar, YamlNode>(RenderKey(e.Key, path), Walk(e.Value, path.Key(e.Key.Value))))),
            YamlSequence s => new YamlSequence(s.Start, s.Items.Select((item, i) => Walk(item, path.Index(i))).ToList(), s.ExpandedSize),
            YamlScalar v when v.Value.Contains("{{", StringComparison.Ordinal) => new YamlScalar(v.Start, Text(v.Value, path), ScalarStyle.DoubleQuoted),
            _ => current,
        };

        YamlScalar RenderKey(YamlScalar key, ObjectPath path) =>
            key.Value.Contains("{{", StringComparison.Ordinal) ? new YamlScalar(key.Start, Text(key.Value, path), ScalarStyle.DoubleQuoted) : key;

        string Text(string text, ObjectPath path)
        {
            if (flat is not null)
            {
                return Placeholder().Replace(text, m =>
                {
                    if (flat.TryGetValue(m.Groups[1].Value, out var value)) return value;
                    // Argo CD leaves an unknown placeholder as written, so the Application would carry the literal "{{...}}".
                    problems.Add(new TemplateProblem(RenderRules.UnresolvedParameter,
                        $"{parameters.Origin} sets no \"{m.Groups[1].Value}\", which the template uses at {path}; the Application would keep the literal placeholder", parameters.At ?? path));
                    return m.Value;
                });
            }
            try
            {
                var rendered = GoTemplate.Render(text, parameters.Values, mode.MissingKeyIsError);
                if (rendered.Contains(GoTemplate.NoValue, StringComparison.Ordinal))
                {
                    problems.Add(new TemplateProblem(RenderRules.TemplateError,
                        $"{parameters.Origin}: the template at {path} renders \"{GoTemplate.NoValue}\" (a parameter it uses is missing; goTemplateOptions: [\"missingkey=error\"] makes Argo CD refuse it instead)", path));
                }
                return rendered;
            }
            catch (TemplateException ex)
            {
                // A parameter the set lacks is the set's to fix; anything else is the template's.
                var at = ex.Message.StartsWith("map has no entry", StringComparison.Ordinal) ? parameters.At ?? path : path;
                problems.Add(new TemplateProblem(RenderRules.TemplateError, $"{parameters.Origin}: the template at {path} cannot be rendered: {ex.Message}", at));
                return text;
            }
        }
    }
}
