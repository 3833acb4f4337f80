namespace Acolhimento.Validation.Oracle;

/// <summary>
/// One question put to a real kube-apiserver and its answer (a line of an oracle cases file): the manifest sent as
/// JSON text, the mutation that made it from a base object, and the verdict with the causes the API server named.
/// </summary>
public sealed record OracleCase(
    string Id,
    string Source,
    string Object,
    OracleMutation Mutation,
    string ManifestJson,
    bool Rejected,
    int? Code,
    string? Reason,
    string? Message,
    IReadOnlyList<OracleCause> Causes,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The base object's kind (the third part of <c>group/version/Kind/name</c> or the second of <c>v1/Kind/name</c>).</summary>
    public string Kind
    {
        get
        {
            var parts = Object.Split('/');
            return parts.Length >= 2 ? parts[^2] : Object;
        }
    }

    public string Verdict => Rejected ? "rejected" : "accepted";
}

/// <summary>How a case's object differs from its base: an RFC 6901 pointer, an operation (<c>baseline</c>, <c>set</c>, <c>remove</c>, <c>dup-first</c>, <c>empty</c>, <c>unknown-key</c>) and the value set (JSON text, null otherwise).</summary>
public sealed record OracleMutation(string? Pointer, string Op, string? ValueJson)
{
    public override string ToString() => Op switch
    {
        "baseline" => "baseline",
        "set" => $"set {Pointer} = {ValueJson}",
        _ => $"{Op} {Pointer}",
    };
}

/// <summary>A cause of a refusal: the API server's field path (<c>spec.template.spec.containers[0].name</c>), reason and message.</summary>
public sealed record OracleCause(string? Field, string? Reason, string? Message);
