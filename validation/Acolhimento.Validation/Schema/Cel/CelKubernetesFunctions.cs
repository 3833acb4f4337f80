namespace Acolhimento.Validation.Schema.Cel;

/// <summary>A URL as Kubernetes' CEL <c>url()</c> gives it (Go's <c>url.ParseRequestURI</c>): an absolute URI or an absolute path.</summary>
internal sealed class CelUrl
{
    private CelUrl(string text, string scheme, string host, string path, string query)
    {
        Text = text;
        Scheme = scheme;
        Host = host;
        Path = path;
        Query = query;
    }

    public string Text { get; }

    public string Scheme { get; }

    /// <summary>Host with port, IPv6 addresses in brackets (Go's <c>URL.Host</c>).</summary>
    public string Host { get; }

    public string Path { get; }

    public string Query { get; }

    public static CelUrl? Parse(string text)
    {
        if (text.Length == 0 || text.Any(c => c < 0x20 || c == 0x7F || c == ' ')) return null;
        var rest = text;
        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (rest.StartsWith('/')) return rest.StartsWith("//", StringComparison.Ordinal) ? null : new CelUrl(text, "", "", rest, query);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(rest[0]) || !rest[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return null;
        var scheme = rest[..colon].ToLowerInvariant();
        rest = rest[(colon + 1)..];
        var host = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? "" : rest[slash..];
            var at = authority.LastIndexOf('@');
            host = at < 0 ? authority : authority[(at + 1)..];
            if (host.StartsWith('[') && !host.Contains(']')) return null;
        }
        else if (!rest.StartsWith('/'))
        {
            return null; // ParseRequestURI refuses an opaque URI such as mailto:x
        }
        return new CelUrl(text, scheme, host, rest, query);
    }

    public string Hostname => Host.StartsWith('[') ? Host[1..Host.IndexOf(']')] : Host.Contains(':') ? Host[..Host.LastIndexOf(':')] : Host;

    public string Port => Host.StartsWith('[') ? (Host.IndexOf("]:", StringComparison.Ordinal) is var i and >= 0 ? Host[(i + 2)..] : "") : Host.Contains(':') ? Host[(Host.LastIndexOf(':') + 1)..] : "";
}

/// <summary>
/// Kubernetes' CEL libraries for quantities (<c>quantity</c>, <c>isQuantity</c>, <c>sign</c>, <c>isInteger</c>,
/// <c>asInteger</c>, <c>asApproximateFloat</c>, <c>add</c>, <c>sub</c>, <c>isLessThan</c>, <c>isGreaterThan</c>,
/// <c>compareTo</c>) and URLs (<c>url</c>, <c>isURL</c>, <c>getScheme</c>, <c>getHost</c>, <c>getHostname</c>,
/// <c>getPort</c>, <c>getEscapedPath</c>, <c>getQuery</c>).
/// </summary>
internal static class CelKubernetesFunctions
{
    public static object? Call(CelInterpreter interpreter, string function, bool memberStyle, object[] args)
    {
        switch (function, args)
        {
            case ("quantity", [string text]): return CelQuantity.Parse(text) is { } parsed ? parsed : new CelError($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': \"{text}\"");
            case ("isQuantity", [string text]): return CelQuantity.Parse(text) is not null;
            case ("sign", [CelQuantity q]): return (long)q.Sign;
            case ("isInteger", [CelQuantity q]): return q.IsInteger && q.Numerator >= long.MinValue && q.Numerator <= long.MaxValue;
            case ("asInteger", [CelQuantity q]):
                return q.IsInteger && q.Numerator >= long.MinValue && q.Numerator <= long.MaxValue ? (long)q.Numerator : new CelError("cannot convert value to integer");
            case ("asApproximateFloat", [CelQuantity q]): return q.ApproximateFloat;
            case ("add", [CelQuantity q, { } other]): return Operand(other) is { } o ? q.Add(o) : CelError.NoSuchOverload("add", q, other);
            case ("sub", [CelQuantity q, { } other]): return Operand(other) is { } s ? q.Add(s.Negate()) : CelError.NoSuchOverload("sub", q, other);
            case ("isLessThan", [CelQuantity q, CelQuantity other]): return q.CompareTo(other) < 0;
            case ("isGreaterThan", [CelQuantity q, CelQuantity other]): return q.CompareTo(other) > 0;
            case ("compareTo", [CelQuantity q, CelQuantity other]): return (long)q.CompareTo(other);
            case ("url", [string text]): return CelUrl.Parse(text) is { } parsedUrl ? parsedUrl : new CelError($"URL parse error during conversion from string: parse \"{text}\": invalid URI for request");
            case ("isURL", [string text]): return CelUrl.Parse(text) is not null;
            case ("getScheme", [CelUrl u]): return u.Scheme;
            case ("getHost", [CelUrl u]): return u.Host;
            case ("getHostname", [CelUrl u]): return u.Hostname;
            case ("getPort", [CelUrl u]): return u.Port;
            case ("getEscapedPath", [CelUrl u]): return u.Path;
            case ("getQuery", [CelUrl u]): return Query(u.Query);
        }
        return null;
    }

    private static CelQuantity? Operand(object value) => value switch
    {
        CelQuantity q => q,
        long l => CelQuantity.FromInteger(l),
        _ => null,
    };

    private static CelMap Query(string query)
    {
        var values = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }
            list.Add(value);
        }
        var map = new CelDictionaryMap();
        foreach (var key in order) map.TryAdd(key, new CelArrayList(values[key]));
        return map;
    }
}
