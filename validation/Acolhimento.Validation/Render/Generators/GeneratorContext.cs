using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Generators;

/// <summary>How an ApplicationSet's strings are rendered: fasttemplate (<c>{{path.basename}}</c>) or Go templates, with or without <c>missingkey=error</c>.</summary>
internal sealed record TemplateMode(bool GoTemplate, bool MissingKeyIsError)
{
    public static TemplateMode Of(YamlMapping spec) => new(
        spec.Boolean("goTemplate") == true,
        (spec.Sequence("goTemplateOptions")?.Items ?? []).OfType<YamlScalar>().Any(o => o.Value.Replace(" ", "", StringComparison.Ordinal) == "missingkey=error"));
}

/// <summary>What every generator of one ApplicationSet sees: the ApplicationSet, the repository's working tree and settings, the cluster being rendered.</summary>
internal sealed record GeneratorContext(RenderedObject ApplicationSet, string RepositoryRoot, RepositoryConfiguration Configuration, ClusterSettings Cluster, TemplateMode Mode)
{
    public string Name => ApplicationSet.Name;

    public Finding Error(string rule, string message, ObjectPath at) =>
        ApplicationSet.Finding(Stages.Render, Severity.Error, rule, $"ApplicationSet {Name}: {message}", at);
}

/// <summary>Parameter sets a generator yields, and the problems that kept any from being yielded.</summary>
internal sealed record GeneratorOutput(IReadOnlyList<ParameterSet> Sets, IReadOnlyList<Finding> Problems)
{
    public static GeneratorOutput Failed(Finding problem) => new([], [problem]);
}
