using System.Text.Json.Nodes;

namespace Acolhimento.Validation.Live;

/// <summary>Waits until CustomResourceDefinitions have the <c>Established</c> condition: the server then serves their kinds.</summary>
internal static class CrdEstablishment
{
    /// <summary>The names that were not Established in time, each with the last thing the server said about it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> WaitAsync(ApiServer api, IEnumerable<string> names, Polling polling, CancellationToken cancellationToken)
    {
        var pending = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => "not read yet", StringComparer.Ordinal);
        for (var attempt = 0; attempt < polling.Attempts && pending.Count > 0; attempt++)
        {
            if (attempt > 0) await polling.DelayAsync(cancellationToken);
            foreach (var name in pending.Keys.ToList())
            {
                var response = await api.GetAsync(ApiResource.CustomResourceDefinitions.ObjectPath(null, name), cancellationToken);
                var state = response.Succeeded ? Established(response.Body) : response.Summary;
                if (state is null) pending.Remove(name);
                else pending[name] = state;
            }
        }
        return pending;
    }

    /// <summary>Null when Established is True; else what the conditions say.</summary>
    public static string? Established(string json)
    {
        if (LiveJson.Parse(json) is not { } crd) return "the CustomResourceDefinition read back is not JSON";
        var conditions = crd["status"]?["conditions"].Objects().ToList() ?? [];
        var established = conditions.FirstOrDefault(c => c["type"].Text() == "Established");
        if (established?["status"].Text() == "True") return null;
        var names = conditions.FirstOrDefault(c => c["type"].Text() == "NamesAccepted");
        var problem = names?["status"].Text() == "False" ? names["message"].Text() : established?["message"].Text();
        return problem is { Length: > 0 } ? problem : "no Established condition yet";
    }
}
