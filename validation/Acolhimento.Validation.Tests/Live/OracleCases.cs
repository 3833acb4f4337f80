using System.IO.Compression;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// One question put to a real kube-apiserver v1.35.3 and its answer (the shared <c>apiserver-oracle/cases.jsonl.gz</c>:
/// a server-side dry-run create, strict field validation): the object sent, and the status, reason, message, causes and
/// warnings it answered.
/// </summary>
internal sealed record OracleCase(string Id, string Object, string Pointer, string Op, JObject Manifest, bool Rejected, int Code, string? Reason, string? Message, JArray Causes, IReadOnlyList<string> Warnings)
{
    /// <summary>Every case of the file, or a skip naming what is missing.</summary>
    public static IReadOnlyList<OracleCase> Require()
    {
        OracleCasesFile.Require();
        return Loaded.Value!;
    }

    /// <summary>Read once per test run: several tests go over the same thousands of answers.</summary>
    private static readonly Lazy<IReadOnlyList<OracleCase>?> Loaded = new(() => OracleCasesFile.Locate() is { } file ? Read(file) : null);

    private static IReadOnlyList<OracleCase> Read(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var cases = new List<OracleCase>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var json = JObject.Parse(line);
            cases.Add(new OracleCase(
                (string)json["id"]!, (string)json["object"]!, (string?)json["mutation"]?["pointer"] ?? "", (string?)json["mutation"]?["op"] ?? "",
                (JObject)json["manifest"]!, (string?)json["verdict"] == "rejected", (int?)json["code"] ?? 0, (string?)json["reason"], (string?)json["message"],
                json["causes"] as JArray ?? [], (json["warnings"] as JArray ?? []).Select(w => ApiServer.ParseWarning((string)w!)).ToList()));
        }
        return cases;
    }

    /// <summary>The Status body the server sent (kind, code, reason, message, details.causes as recorded).</summary>
    public string StatusBody => new JObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = new JObject { ["causes"] = Causes },
        ["code"] = Code,
    }.ToString(Newtonsoft.Json.Formatting.None);

    /// <summary>The object sent, as the live stage holds it (a rendered object of a one-file source).</summary>
    public LiveObject Target()
    {
        var source = RenderedObjects.FromText($"oracle/{Id}.json", Manifest.ToString(Newtonsoft.Json.Formatting.None), "oracle", "oracle").Single();
        var apiVersion = (string?)Manifest["apiVersion"] ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return new LiveObject(source, group, (string?)Manifest["kind"] ?? "", (string?)Manifest["metadata"]?["namespace"], (string?)Manifest["metadata"]?["name"] ?? "", source.Body);
    }

    public override string ToString() => $"{Id} {Object} {Op} {Pointer}";
}
