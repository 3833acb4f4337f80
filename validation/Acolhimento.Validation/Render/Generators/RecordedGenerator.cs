using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>
/// Pull-request, SCM-provider, plugin and cluster-decision-resource generators ask a service for their parameters, so
/// offline they render only from parameter sets recorded in <c>validation.yaml</c> (<c>recordedParameters</c>, by
/// ApplicationSet name and generator key); without them they are an error that says so.
/// </summary>
internal static class RecordedGenerator
{
    public static GeneratorOutput Run(string kind, ObjectPath at, GeneratorContext context)
    {
        var recorded = context.Configuration.RecordedParameters.Where(r => r.ApplicationSet == context.Name && r.Generator == kind).ToList();
        if (recorded.Count == 0)
        {
            return GeneratorOutput.Failed(context.Error(RenderRules.CannotRenderOffline,
                $"the {kind} generator asks a service for its parameters and cannot render offline; record parameter sets under spec.recordedParameters in {Configuration.RepositoryConfiguration.FileName} (applicationSet: {context.Name}, generator: {kind}) to render its Applications",
                at));
        }
        var sets = recorded.SelectMany(r => r.Sets).Select((m, i) => new ParameterSet((IReadOnlyDictionary<string, object?>)ParameterValues.FromNode(m)!, $"recorded {kind} parameters {i}")).ToList();
        if (!context.Mode.GoTemplate) sets = sets.Select(s => s with { Values = s.Flat().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal) }).ToList();
        return new GeneratorOutput(sets, []);
    }
}
