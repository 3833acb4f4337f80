namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>The name and key syntaxes of <c>k8s.io/apimachinery/pkg/util/validation</c>; each returns null when valid, else the reason.</summary>
internal static class NameRules
{
    public const int LabelValueMaxLength = 63;
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    public static string? Dns1123Label(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 63) return $"must be no more than 63 characters (it has {value.Length})";
        return IsDns1123Label(value) ? null : "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
    }

    public static string? Dns1123Subdomain(string value) => SubdomainProblem(value);

    private static string? SubdomainProblem(ReadOnlySpan<char> value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 253) return $"must be no more than 253 characters (it has {value.Length})";
        return IsDns1123Subdomain(value)
            ? null
            : "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
    }

    public static string? Dns1035Label(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 63) return $"must be no more than 63 characters (it has {value.Length})";
        return IsDns1035Label(value) ? null : "must be a lowercase RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
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
        // Spans, not substrings: every label and annotation key of every object comes through here.
        var slash = key.IndexOf('/');
        var name = key.AsSpan();
        if (slash >= 0)
        {
            if (key.IndexOf('/', slash + 1) >= 0) return "may contain at most one '/' (between a DNS subdomain prefix and the name)";
            if (slash == 0) return "has an empty prefix before '/'";
            if (SubdomainProblem(key.AsSpan(0, slash)) is { } prefixProblem) return "prefix " + prefixProblem;
            name = key.AsSpan(slash + 1);
        }
        if (name.Length == 0) return "has an empty name part";
        if (name.Length > 63) return $"name part must be no more than 63 characters (it has {name.Length})";
        return IsQualifiedNamePart(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    public static string? LabelValue(string value)
    {
        if (value.Length > LabelValueMaxLength) return $"must be no more than 63 characters (it has {value.Length})";
        return value.Length == 0 || IsQualifiedNamePart(value)
            ? null
            : "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    }

    /// <summary>IANA service name, used for named container ports: at most 15 characters, lowercase letters, digits and single '-', with a letter.</summary>
    public static string? IanaServiceName(string value)
    {
        if (value.Length == 0) return "must not be empty";
        if (value.Length > 15) return $"must be no more than 15 characters (it has {value.Length})";
        if (value.AsSpan().ContainsAnyExcept(IanaCharacters)) return "must contain only lowercase letters, digits and '-'";
        if (value.Contains("--", StringComparison.Ordinal)) return "must not contain consecutive hyphens";
        if (value.StartsWith('-') || value.EndsWith('-')) return "must not begin or end with a hyphen";
        return value.Any(char.IsAsciiLetterLower) ? null : "must contain at least one letter";
    }

    // The syntaxes below are apimachinery's regular expressions written out as character tests: the schema stage checks
    // every name, label and annotation key of every object, and Go's `$` (unlike .NET's) matches only at the very end, so
    // a value with a trailing line break is invalid here as it is for the API server.

    private static readonly System.Buffers.SearchValues<char> IanaCharacters = System.Buffers.SearchValues.Create("-abcdefghijklmnopqrstuvwxyz0123456789");

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    /// <summary><c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c></summary>
    private static bool IsDns1123Label(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IsLowerAlphanumeric(value[0]) || !IsLowerAlphanumeric(value[^1])) return false;
        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c != '-') return false;
        }
        return true;
    }

    /// <summary>DNS-1123 labels joined by single dots.</summary>
    private static bool IsDns1123Subdomain(ReadOnlySpan<char> value)
    {
        foreach (var range in value.Split('.'))
        {
            if (!IsDns1123Label(value[range])) return false;
        }
        return true;
    }

    /// <summary><c>[a-z]([-a-z0-9]*[a-z0-9])?</c></summary>
    private static bool IsDns1035Label(ReadOnlySpan<char> value) => !value.IsEmpty && char.IsAsciiLetterLower(value[0]) && IsDns1123Label(value);

    /// <summary><c>([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]</c></summary>
    private static bool IsQualifiedNamePart(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1])) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        }
        return true;
    }
}
