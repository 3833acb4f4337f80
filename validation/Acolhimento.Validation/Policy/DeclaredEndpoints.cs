using Acolhimento.Validation.Kubernetes;
using System.Text;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// A Service a container's environment names (<c>http://llm:11434</c>, <c>postgresql:5432</c>, <c>db.ns.svc.cluster.local</c>):
/// the configuration's own statement that the pod talks to it. <paramref name="At"/> is the env entry (on the workload) that says so.
/// </summary>
internal sealed record DeclaredEndpoint(string Variable, ContainerSpec Container, ObjectPath At, RenderedObject Service, string Host, long Port)
{
    public string Address => $"{Host}:{Port}";
}

/// <summary>
/// Finds the Services a pod template's containers name in their environment: literal values, and values read from
/// ConfigMaps and Secrets that are in Git (only host and port are kept, never the value). A host is a Service when it
/// is <c>svc</c>, <c>svc.ns</c>, <c>svc.ns.svc[.domain]</c> or a StatefulSet pod's <c>pod.svc.ns.svc[.domain]</c> and that
/// Service exists in the cluster; anything else (external names, addresses) is not a declared in-cluster flow.
/// </summary>
internal static class DeclaredEndpoints
{
    // Ports implied by URL schemes whose port may be left out.
    private static readonly IReadOnlyDictionary<string, long> SchemePorts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
    {
        ["http"] = 80, ["ws"] = 80, ["https"] = 443, ["wss"] = 443, ["grpc"] = 80, ["grpcs"] = 443,
        ["postgres"] = 5432, ["postgresql"] = 5432, ["mysql"] = 3306, ["redis"] = 6379, ["amqp"] = 5672, ["amqps"] = 5671,
        ["mongodb"] = 27017, ["nats"] = 4222,
    };

    // A value longer than this is data (a certificate, a script), not an address.
    private const int MaximumValueLength = 4096;

    public static IEnumerable<DeclaredEndpoint> Of(PolicyContext context, PodTemplate template)
    {
        foreach (var container in template.Containers())
        {
            var env = container.Body.Sequence("env")?.Items ?? [];
            for (var i = 0; i < env.Count; i++)
            {
                if (env[i] is not YamlMapping variable || variable.String("name") is not { } name) continue;
                var at = container.Path.Key("env").Index(i);
                string? value = variable["value"] is YamlScalar { IsNull: false } literal ? literal.Value : null;
                var valueAt = at.Key("value");
                if (value is null && variable.Mapping("valueFrom") is { } from)
                {
                    valueAt = at.Key("valueFrom");
                    if (from.Mapping("configMapKeyRef") is { } cm) value = ConfigMapValue(context, template.Namespace, cm.String("name"), cm.String("key"));
                    else if (from.Mapping("secretKeyRef") is { } secret) value = SecretValue(context, template.Namespace, secret.String("name"), secret.String("key"));
                }
                foreach (var endpoint in Endpoints(context, template, container, name, value, valueAt)) yield return endpoint;
            }
            var envFrom = container.Body.Sequence("envFrom")?.Items ?? [];
            for (var i = 0; i < envFrom.Count; i++)
            {
                if (envFrom[i] is not YamlMapping source) continue;
                var prefix = source.String("prefix") ?? "";
                var at = container.Path.Key("envFrom").Index(i);
                IEnumerable<(string Key, string? Value)> values =
                    source.Mapping("configMapRef")?.String("name") is { } cmName ? ConfigMapValues(context, template.Namespace, cmName)
                    : source.Mapping("secretRef")?.String("name") is { } secretName ? SecretValues(context, template.Namespace, secretName)
                    : [];
                foreach (var (key, value) in values)
                {
                    foreach (var endpoint in Endpoints(context, template, container, prefix + key, value, at)) yield return endpoint;
                }
            }
        }
    }

    private static IEnumerable<DeclaredEndpoint> Endpoints(PolicyContext context, PodTemplate template, ContainerSpec container, string variable, string? value, ObjectPath at)
    {
        if (value is null || value.Length > MaximumValueLength) yield break;
        foreach (var (host, port) in Addresses(value))
        {
            if (ServiceOf(context, template.Namespace, host) is { } service) yield return new DeclaredEndpoint(variable, container, at, service, host, port);
        }
    }

    /// <summary>Host and port of every URL (<c>scheme://[user@]host[:port]</c>) and every <c>host:port</c> in a value, in one linear pass.</summary>
    public static IEnumerable<(string Host, long Port)> Addresses(string value)
    {
        foreach (var token in value.Split([' ', '\t', '\n', '\r', ',', ';', '"', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '|', '='], StringSplitOptions.RemoveEmptyEntries))
        {
            var scheme = "";
            var rest = token;
            var separator = token.IndexOf("://", StringComparison.Ordinal);
            if (separator > 0)
            {
                scheme = token[..separator];
                rest = token[(separator + 3)..];
                var end = rest.IndexOfAny(['/', '?', '#']);
                if (end >= 0) rest = rest[..end];
                var user = rest.LastIndexOf('@');
                if (user >= 0) rest = rest[(user + 1)..];
            }
            var colon = rest.LastIndexOf(':');
            string host;
            long port;
            if (colon > 0 && long.TryParse(rest.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var explicitPort) && colon < rest.Length - 1)
            {
                host = rest[..colon];
                port = explicitPort;
            }
            else if (separator > 0 && colon < 0 && SchemePorts.TryGetValue(scheme, out var implied))
            {
                host = rest;
                port = implied;
            }
            else
            {
                continue;
            }
            if (port is < 1 or > 65535 || !IsDnsName(host)) continue;
            yield return (host.ToLowerInvariant(), port);
        }
    }

    /// <summary>The Service a host name resolves to from a pod in <paramref name="clientNamespace"/>, when that Service is in the cluster's objects.</summary>
    public static RenderedObject? ServiceOf(PolicyContext context, string clientNamespace, string host)
    {
        var labels = host.TrimEnd('.').Split('.');
        RenderedObject? Service(string name, string ns) => context.Find(Kinds.Service, ns, name);
        return labels.Length switch
        {
            1 => Service(labels[0], clientNamespace),
            2 => Service(labels[0], labels[1]),
            >= 4 when labels[3] == "svc" => Service(labels[1], labels[2]), // <pod>.<service>.<namespace>.svc…
            >= 3 when labels[2] == "svc" => Service(labels[0], labels[1]),
            _ => null,
        };
    }

    private static bool IsDnsName(string host)
    {
        if (host.Length is 0 or > 253) return false;
        foreach (var label in host.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-') return false;
            }
        }
        return !host.TrimEnd('.').Split('.').All(l => l.All(char.IsAsciiDigit)); // an IPv4 address is not a Service name
    }

    private static string? ConfigMapValue(PolicyContext context, string ns, string? name, string? key) =>
        name is null || key is null ? null : context.Find(Kinds.ConfigMap, ns, name)?.Body.Mapping("data")?.String(key);

    private static IEnumerable<(string, string?)> ConfigMapValues(PolicyContext context, string ns, string name) =>
        (context.Find(Kinds.ConfigMap, ns, name)?.Body.Mapping("data")?.Entries ?? []).Select(e => (e.Key.Value, (e.Value as YamlScalar)?.Value));

    private static string? SecretValue(PolicyContext context, string ns, string? name, string? key) =>
        name is null || key is null ? null : SecretValues(context, ns, name).FirstOrDefault(v => v.Key == key).Value;

    private static IEnumerable<(string Key, string? Value)> SecretValues(PolicyContext context, string ns, string name)
    {
        if (context.Find(Kinds.Secret, ns, name) is not { } secret) yield break;
        foreach (var entry in secret.Body.Mapping("stringData")?.Entries ?? []) yield return (entry.Key.Value, (entry.Value as YamlScalar)?.Value);
        foreach (var entry in secret.Body.Mapping("data")?.Entries ?? []) yield return (entry.Key.Value, Decode((entry.Value as YamlScalar)?.Value));
    }

    private static string? Decode(string? base64)
    {
        if (base64 is null || base64.Length > MaximumValueLength * 2) return null;
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }
}
