using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Parsing;

/// <summary>
/// Stable rule ids of the discover and parse stages. The YAML reader's ids stay on <see cref="YamlReader"/> and the
/// discovery id on <see cref="RepositoryScanner"/> (lower layers cannot refer up to this one); <see cref="All"/> lists them all.
/// </summary>
internal static class ParseRules
{
    public const string FileTooLarge = "parse/file-too-large";
    public const string BinaryContent = "parse/binary-content";
    public const string InvalidUtf8 = "parse/invalid-utf8";
    public const string Unreadable = RepositoryScanner.UnreadableEntry;
    public const string NotAnObject = "parse/not-an-object";
    public const string MissingField = "parse/missing-field";

    public static readonly IReadOnlyList<RuleSummary> All =
    [
        new(RepositoryScanner.SymlinkOutside, Severity.Error, "a symbolic link points outside the repository (or into a folder no stage reads); tools would read files nobody reviews"),
        new(RepositoryScanner.SymlinkUnresolvable, Severity.Error, "a symbolic link loops or leads nowhere; it is not followed, and no tool is handed the folder that holds it"),
        new(RepositoryScanner.SpecialFile, Severity.Error, "a FIFO, socket or device (or a link to one): never opened, and no tool is handed the folder that holds it"),
        new(FileTooLarge, Severity.Error, "the file is over the size limit (5 MiB) and is not read"),
        new(Unreadable, Severity.Error, "the file (or folder) cannot be read, or its name cannot be opened (not valid UTF-8)"),
        new(BinaryContent, Severity.Error, "the file contains a NUL byte: binary content, not YAML"),
        new(InvalidUtf8, Severity.Error, "the file is not valid UTF-8, at the first bad byte"),
        new(YamlReader.SyntaxError, Severity.Error, "the YAML does not parse"),
        new(YamlReader.TabIndentation, Severity.Error, "a tab is used for indentation"),
        new(YamlReader.DuplicateKey, Severity.Error, "a mapping has the same key twice (tools silently keep one)"),
        new(YamlReader.NonScalarKey, Severity.Error, "a mapping key is not a scalar"),
        new(YamlReader.UnknownAlias, Severity.Error, "an alias refers to no anchor defined before it"),
        new(YamlReader.Unconvertible, Severity.Error, "a value Kubernetes' YAML-to-JSON conversion (go-yaml v2 under sigs.k8s.io/yaml) refuses: a tag its text does not fit, .nan or .inf, a null key, a merge key that is not a mapping"),
        new(YamlReader.AliasExpansion, Severity.Error, "aliases expand past the node limit (a billion-laughs document)"),
        new(YamlReader.NestingTooDeep, Severity.Error, "nesting is deeper than the depth limit"),
        new(NotAnObject, Severity.Error, "a document of a manifest is not a Kubernetes object (a list or scalar where a mapping belongs)"),
        new(MissingField, Severity.Error, "an object has no string apiVersion, kind or metadata.name"),
    ];
}
