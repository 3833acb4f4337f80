using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema;

/// <summary>The name and key syntaxes of <c>k8s.io/apimachinery/pkg/util/validation</c>; each returns null when valid, else the reason.</summary>
public static partial class NameRules
{
    public const int LabelValueMaxLength = 63;
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    public static string? Dns1123Label(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 63) return $"must be no more than 63 characters (it has {value.Length})";
        return Dns1123LabelPattern().IsMatch(value) ? null : "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
    }

    public static string? Dns1123Subdomain(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 253) return $"must be no more than 253 characters (it has {value.Length})";
        return Dns1123SubdomainPattern().IsMatch(value)
            ? null
            : "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
    }

    public static string? Dns1035Label(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 63) return $"must be no more than 63 characters (it has {value.Length})";
        return Dns1035LabelPattern().IsMatch(value) ? null : "must be a lowercase RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
    }

    /// <summary>Names used as a path segment (RBAC objects): anything but <c>.</c>, <c>..</c>, or text with '/' or '%'.</summary>
    public static string? PathSegmentName(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value is "." or "..") return $"may not be '{value}'";
        if (value.Contains('/') || value.Contains('%')) return "may not contain '/' or '%'";
        return null;
    }

    /// <summary>A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static string? QualifiedName(string key)
    {
        var slash = key.IndexOf('/');
        var name = key;
        if (slash >= 0)
        {
            if (key.IndexOf('/', slash + 1) >= 0) return "may contain at most one '/' (between a DNS subdomain prefix and the name)";
            if (slash == 0) return "has an empty prefix before '/'";
            if (Dns1123Subdomain(key[..slash]) is { } prefixProblem) return "prefix " + prefixProblem;
            name = key[(slash + 1)..];
        }
        if (name.Length == 0) return "has an empty name part";
        if (name.Length > 63) return $"name part must be no more than 63 characters (it has {name.Length})";
        return QualifiedNamePattern().IsMatch(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    public static string? LabelValue(string value)
    {
        if (value.Length > LabelValueMaxLength) return $"must be no more than 63 characters (it has {value.Length})";
        return value.Length == 0 || QualifiedNamePattern().IsMatch(value)
            ? null
            : "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    /// <summary>IANA service name, used for named container ports: at most 15 characters, lowercase letters, digits and single '-', with a letter.</summary>
    public static string? IanaServiceName(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 15) return $"must be no more than 15 characters (it has {value.Length})";
        if (!IanaPattern().IsMatch(value)) return "must contain only lowercase letters, digits and '-'";
        if (value.Contains("--", StringComparison.Ordinal)) return "must not contain consecutive hyphens";
        if (value.StartsWith('-') || value.EndsWith('-')) return "must not begin or end with a hyphen";
        return value.Any(char.IsAsciiLetterLower) ? null : "must contain at least one letter";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainPattern();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelPattern();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePattern();

    [GeneratedRegex("^[-a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IanaPattern();
}
