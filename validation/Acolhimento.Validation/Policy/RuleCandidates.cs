using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// The types of an assembly that may be policy rules, chosen from its metadata so that only those are loaded: loading
/// every type of the library (<see cref="Assembly.GetTypes"/>, some 1,600 with the compiler's closures and state
/// machines, and the Kubernetes client's types some derive from) cost tens of milliseconds of CPU on every run. A type
/// is left out only when its metadata proves it is no <see cref="IPolicyRule"/>: it is abstract or an interface, or
/// neither it nor a base class of the same assembly names an interface that may be one, and its base-class chain ends
/// in a type that cannot lead to one (a <c>System</c> type, or one of an assembly that does not reference the rules'
/// own). Anything else (a generic base, a base from an assembly built on the rules') is loaded, and
/// <see cref="RuleDiscovery"/> asks reflection as before.
/// </summary>
internal static class RuleCandidates
{
    public static IReadOnlyList<Type> Of(Assembly assembly)
    {
        if (assembly.IsDynamic || assembly.Location.Length == 0) return assembly.GetTypes(); // no file to read the metadata from
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var reader = new Reader(pe.GetMetadataReader());
        var candidates = new List<Type>();
        foreach (var handle in reader.Metadata.TypeDefinitions)
        {
            var type = reader.Metadata.GetTypeDefinition(handle);
            if ((type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Interface)) != 0) continue;
            if (reader.MayBeRule(handle)) candidates.Add(assembly.ManifestModule.ResolveType(MetadataTokens.GetToken(handle)));
        }
        return candidates;
    }

    /// <remarks>Plain loops and arrays over the metadata's handle structs: a LINQ query or dictionary over them would be
    /// compiled for each struct type on every run, which costs more than the loading it saves.</remarks>
    private sealed class Reader(MetadataReader metadata)
    {
        private static readonly (string Namespace, string Name) RuleInterface = (typeof(IPolicyRule).Namespace!, typeof(IPolicyRule).Name);

        private static readonly AssemblyName RulesAssembly = typeof(IPolicyRule).Assembly.GetName();

        /// <summary>Per type definition row: 0 not yet judged (or being judged), 1 no rule, 2 may be a rule.</summary>
        private readonly byte[] _verdicts = new byte[metadata.TypeDefinitions.Count + 1];

        /// <summary>Per assembly reference row: 0 not yet asked, 1 cannot name a rule, 2 may.</summary>
        private readonly byte[] _assemblies = new byte[metadata.AssemblyReferences.Count + 1];

        public MetadataReader Metadata { get; } = metadata;

        /// <summary>False when the type (a class or an interface of this assembly) can be shown to be no rule.</summary>
        public bool MayBeRule(TypeDefinitionHandle handle)
        {
            var row = MetadataTokens.GetRowNumber(handle);
            if (_verdicts[row] != 0) return _verdicts[row] == 2;
            _verdicts[row] = 1; // valid metadata has no cycles; this only stops a damaged file from looping
            var type = Metadata.GetTypeDefinition(handle);
            var verdict = IsRuleInterface(type.Namespace, type.Name) || (!type.BaseType.IsNil && MayBeRule(type.BaseType));
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                if (verdict) break;
                verdict = MayBeRule(Metadata.GetInterfaceImplementation(implementation).Interface);
            }
            _verdicts[row] = verdict ? (byte)2 : (byte)1;
            return verdict;
        }

        private bool MayBeRule(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => MayBeRule((TypeDefinitionHandle)handle),
            HandleKind.TypeReference => IsRuleInterface((TypeReferenceHandle)handle) || MaySeeRules((TypeReferenceHandle)handle),
            HandleKind.TypeSpecification => !GenericType((TypeSpecificationHandle)handle, out var generic) || MayBeRule(generic),
            _ => true,
        };

        private bool IsRuleInterface(TypeReferenceHandle handle)
        {
            var reference = Metadata.GetTypeReference(handle);
            return IsRuleInterface(reference.Namespace, reference.Name);
        }

        private bool IsRuleInterface(StringHandle ns, StringHandle name) =>
            Metadata.StringComparer.Equals(name, RuleInterface.Name) && Metadata.StringComparer.Equals(ns, RuleInterface.Namespace);

        /// <summary>
        /// False for a type of another assembly that cannot be or lead to a rule: one of the framework (namespace System
        /// or below), or of an assembly that does not reference the rules' own (only that assembly and those built on it
        /// can name <see cref="IPolicyRule"/>). The referencing assembly is loaded to ask, its types are not.
        /// </summary>
        private bool MaySeeRules(TypeReferenceHandle handle)
        {
            var reference = Metadata.GetTypeReference(handle);
            while (reference.ResolutionScope.Kind == HandleKind.TypeReference) reference = Metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
            if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference) return true;
            var ns = Metadata.GetString(reference.Namespace);
            if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)) return false;
            var row = MetadataTokens.GetRowNumber(reference.ResolutionScope);
            if (_assemblies[row] == 0) _assemblies[row] = SeesRules(Metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).GetAssemblyName()) ? (byte)2 : (byte)1;
            return _assemblies[row] == 2;
        }

        private static bool SeesRules(AssemblyName name)
        {
            if (AssemblyName.ReferenceMatchesDefinition(name, RulesAssembly)) return true;
            try
            {
                return Assembly.Load(name).GetReferencedAssemblies().Any(r => AssemblyName.ReferenceMatchesDefinition(r, RulesAssembly));
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException)
            {
                return true; // cannot tell: load the type and let reflection answer
            }
        }

        /// <summary>The generic type of an instantiation such as <c>IEquatable&lt;T&gt;</c>; false for any other signature.</summary>
        private bool GenericType(TypeSpecificationHandle handle, out EntityHandle generic)
        {
            var blob = Metadata.GetBlobReader(Metadata.GetTypeSpecification(handle).Signature);
            generic = default;
            if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return false;
            blob.ReadSignatureTypeCode(); // class or value type
            generic = blob.ReadTypeHandle();
            return true;
        }
    }
}
