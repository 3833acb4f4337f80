using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Design;

/// <summary>
/// The library's types are internal unless the CLI or the benchmarks need them (the tests see internals through
/// <c>InternalsVisibleTo</c>): a public type is one the CLI's assembly references, one a benchmark names, or one that
/// appears in the public signature of such a type (the compiler requires those to be public too). Anything else public
/// is surface nobody outside uses, and is made internal.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class PublicSurfaceTests
{
    private static readonly Assembly Library = typeof(Finding).Assembly;

    [Fact]
    public void Every_public_library_type_is_needed_by_the_cli_or_the_benchmarks()
    {
        var needed = Closure(ReferencedByCli().Concat(NamedByBenchmarks()));

        Library.GetExportedTypes().Where(t => !needed.Contains(t)).Select(t => t.FullName).Order(StringComparer.Ordinal)
            .ShouldBeEmpty("make these internal: neither the CLI nor the benchmarks use them, and the tests see internals");
    }

    [Fact]
    public void The_cli_reference_reading_finds_what_the_cli_uses()
    {
        // The reader must see through to the library: the CLI builds its run on these, so an empty or partial read fails here.
        var referenced = ReferencedByCli().ToHashSet();
        referenced.ShouldContain(typeof(Validation.Pipeline.ValidationPipeline));
        referenced.ShouldContain(typeof(Validation.Reporting.IOutputFormat));
        referenced.ShouldNotContain(typeof(Validation.Policy.RuleCandidates));
    }

    [Fact]
    public void A_type_in_a_public_signature_is_needed_with_the_type_that_shows_it()
    {
        var needed = Closure([typeof(Validation.Pipeline.ValidationRun)]);

        needed.ShouldContain(typeof(Validation.Reporting.ValidationReport)); // a property's type
        needed.ShouldContain(typeof(Finding)); // reached through the report's findings
        needed.ShouldNotContain(typeof(Validation.Policy.RuleCandidates));
    }

    /// <summary>The library types the CLI assembly's metadata references (its type references resolved in the library).</summary>
    private static IEnumerable<Type> ReferencedByCli()
    {
        var cli = typeof(CommandLine).Assembly;
        using var pe = new PEReader(File.OpenRead(cli.Location));
        var metadata = pe.GetMetadataReader();
        var libraryName = Library.GetName().Name;
        foreach (var handle in metadata.TypeReferences)
        {
            if (FullName(metadata, handle, libraryName) is { } name && Library.GetType(name) is { } type) yield return type;
        }
    }

    /// <summary>The reference's full name (<c>Outer+Inner</c> for nested types) when it resolves in the library, else null.</summary>
    private static string? FullName(MetadataReader metadata, TypeReferenceHandle handle, string? libraryName)
    {
        var reference = metadata.GetTypeReference(handle);
        var name = metadata.GetString(reference.Name);
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope);
                if (metadata.GetString(assembly.Name) != libraryName) return null;
                var ns = metadata.GetString(reference.Namespace);
                return ns.Length == 0 ? name : $"{ns}.{name}";
            case HandleKind.TypeReference:
                return FullName(metadata, (TypeReferenceHandle)reference.ResolutionScope, libraryName) is { } outer ? $"{outer}+{name}" : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The library types the benchmarks' sources name (an identifier equal to an exported type's name). The benchmarks
    /// are not referenced by the tests, so their sources are read; a name that is also a member's name only allows more.
    /// </summary>
    private static IEnumerable<Type> NamedByBenchmarks()
    {
        var folder = RepositoryLocator.Project("Acolhimento.Validation.Benchmarks");
        var identifiers = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Identifier().Matches(CodeText.Of(File.ReadAllText(f))).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        identifiers.ShouldNotBeEmpty($"no benchmark sources under {folder}");
        return Library.GetExportedTypes().Where(t => identifiers.Contains(GenericName(t)));
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    private static string GenericName(Type t) => t.Name.Split('`')[0];

    /// <summary>The given types and every library type their public and protected signatures show, transitively.</summary>
    private static HashSet<Type> Closure(IEnumerable<Type> roots)
    {
        var needed = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            foreach (var part in Parts(type))
            {
                if (part.Assembly == Library && needed.Add(part)) pending.Push(part);
            }
            if (!needed.Contains(type)) continue;
            foreach (var shown in Signature(type).SelectMany(Parts))
            {
                if (shown.Assembly == Library && needed.Add(shown)) pending.Push(shown);
            }
        }
        return needed;
    }

    /// <summary>A type and its declaring types (a nested public type needs its outer type public), element and generic argument types.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType) return Parts(type.GetElementType()!);
        if (type.IsGenericParameter) return type.GetGenericParameterConstraints().SelectMany(Parts);
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var own = new List<Type> { definition };
        for (var outer = definition.DeclaringType; outer is not null; outer = outer.DeclaringType) own.Add(outer);
        return type.IsConstructedGenericType ? own.Concat(type.GetGenericArguments().SelectMany(Parts)) : own;
    }

    /// <summary>The types a type shows to other assemblies: its base type, interfaces, and its public and protected members' types.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var member in type.GetMembers(declared))
        {
            switch (member)
            {
                case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                    yield return f.FieldType;
                    break;
                case PropertyInfo p when p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly):
                    yield return p.PropertyType;
                    foreach (var parameter in p.GetIndexParameters()) yield return parameter.ParameterType;
                    break;
                case MethodBase m when m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly:
                    if (m is MethodInfo method) yield return method.ReturnType;
                    foreach (var parameter in m.GetParameters()) yield return parameter.ParameterType;
                    break;
                case EventInfo e when e.AddMethod is { } add && (add.IsPublic || add.IsFamily):
                    yield return e.EventHandlerType!;
                    break;
                case Type nested when nested.IsNestedPublic || nested.IsNestedFamily:
                    break; // a nested type is needed only when something shows it
            }
        }
    }
}
