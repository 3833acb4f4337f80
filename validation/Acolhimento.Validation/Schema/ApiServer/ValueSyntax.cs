using System.Net;

namespace Acolhimento.Validation.Schema.ApiServer;

/// <summary>Value syntaxes of the API server beyond names and labels (<see cref="NameRules"/>); each returns null when valid, else the reason.</summary>
internal static class ValueSyntax
{
    /// <summary>apimachinery IsEnvVarName: printable ASCII but '=' (the RelaxedEnvironmentVariableValidation gate, on by default since 1.32).</summary>
    public static string? EnvVarName(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' || c == '=') return "must consist of printable ASCII characters except '='";
        }
        return null;
    }

    /// <summary>apimachinery IsConfigMapKey: at most 253 characters of alphanumerics, '-', '_' and '.', not '.' or '..' or starting with '..'.</summary>
    public static string? ConfigMapKey(string value)
    {
        if (value.Length > 253) return $"must be no more than 253 characters (it has {value.Length})";
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return "must consist of alphanumeric characters, '-', '_' or '.'";
        }
        if (value is "." or "..") return $"must not be '{value}'";
        return value.StartsWith("..", StringComparison.Ordinal) ? "must not start with '..'" : null;
    }

    /// <summary>An absolute path (an Ingress HTTP path, a probe's HTTP path once defaulted): starts with '/'.</summary>
    public static string? AbsolutePath(string value) => value.StartsWith('/') ? null : "must be an absolute path (start with '/')";

    /// <summary>core validateLocalDescendingPath: relative, no '..' element.</summary>
    public static string? RelativePath(string value)
    {
        if (value.StartsWith('/')) return "must be a relative path";
        return value.Split('/').Contains("..") ? "must not contain '..'" : null;
    }

    /// <summary>A volume mount's path may not contain ':' (core validateVolumeMounts).</summary>
    public static string? NoColon(string value) => value.Contains(':') ? "must not contain ':'" : null;

    /// <summary>apimachinery IsValidIP (Go's netip: no leading zeros, no zone).</summary>
    public static string? IpAddress(string value) =>
        IsIp(value) ? null : "must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)";

    /// <summary>apimachinery IsValidCIDR: an address and a prefix length, as Go's net.ParseCIDR reads it.</summary>
    public static string? Cidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0 || !IsIp(value[..slash]) || !int.TryParse(value[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            return "must be a valid CIDR value (e.g. 10.9.8.0/24 or 2001:db8::/64)";
        }
        var max = value[..slash].Contains(':') ? 128 : 32;
        return bits <= max && value[(slash + 1)..].Length <= 3 ? null : "must be a valid CIDR value (e.g. 10.9.8.0/24 or 2001:db8::/64)";
    }

    /// <summary>apimachinery IsWildcardDNS1123Subdomain: <c>*.</c> then a DNS-1123 subdomain.</summary>
    public static string? WildcardSubdomain(string value) =>
        value.StartsWith("*.", StringComparison.Ordinal) && NameRules.Dns1123Subdomain(value[2..]) is null && value.Length <= 253
            ? null
            : "must be a wildcard DNS-1123 subdomain: '*.' followed by a lowercase RFC 1123 subdomain";

    /// <summary>An Ingress host: a DNS-1123 subdomain, or one with a leading <c>*.</c>; never an IP address.</summary>
    public static string? Host(string value)
    {
        if (IsIp(value)) return "must be a DNS name, not an IP address";
        return value.StartsWith('*') ? WildcardSubdomain(value) : NameRules.Dns1123Subdomain(value);
    }

    /// <summary>A group/version (<c>apps/v1</c>, <c>v1</c>) as schema.ParseGroupVersion reads it: at most one '/', neither part empty when present.</summary>
    public static string? GroupVersion(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2) return "must be a group/version such as apps/v1 (at most one '/')";
        if (parts.Length == 2 && (parts[0].Length == 0 || parts[1].Length == 0)) return "must be a group/version such as apps/v1";
        if (parts.Length == 2 && NameRules.Dns1123Subdomain(parts[0]) is { } problem) return "group " + problem;
        return null;
    }

    /// <summary>A reference's apiVersion that must name a group (<c>apps/v1</c>; autoscaling ValidateCrossVersionObjectReference).</summary>
    public static string? GroupVersionWithGroup(string value) =>
        value.Contains('/') ? GroupVersion(value) : "must specify an API group (group/version, such as apps/v1)";

    /// <summary>core validateLimitRangeTypeName: Pod, Container, PersistentVolumeClaim, or a qualified name with a prefix.</summary>
    public static string? LimitType(string value)
    {
        if (value is "Pod" or "Container" or "PersistentVolumeClaim") return null;
        if (NameRules.QualifiedName(value) is { } problem) return problem;
        return value.Contains('/') ? null : "must be a standard limit type (Pod, Container, PersistentVolumeClaim) or fully qualified";
    }

    /// <summary>The downward API's fields a container's environment may read (core validEnvDownwardAPIFieldPathExpressions, 1.35).</summary>
    public static string? DownwardApiFieldPath(string value)
    {
        if (DownwardFields.Contains(value)) return null;
        foreach (var prefix in DownwardSubscripted)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith("']", StringComparison.Ordinal) && value.Length > prefix.Length + 2) return null;
        }
        return $"must be one of {string.Join(", ", DownwardFields)} or metadata.labels['KEY'] / metadata.annotations['KEY']";
    }

    private static readonly string[] DownwardFields =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "metadata.labels", "metadata.annotations",
    ];

    private static readonly string[] DownwardSubscripted = ["metadata.labels['", "metadata.annotations['"];

    private static bool IsIp(string value) =>
        value.Length > 0 && !value.Contains('%') && IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || (value.Count(c => c == '.') == 3 && value.Split('.').All(p => p.Length > 0 && (p == "0" || p[0] != '0'))));
}
