using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Live;

/// <summary>
/// Finds out whether controllers run on the cluster. An envtest control plane (etcd and kube-apiserver only) serves,
/// validates and admits everything, but nothing ever acts on a Deployment; waiting there for controllers would spend
/// minutes to report what is known in seconds. A Deployment with no replicas is applied to the <c>default</c> namespace
/// (present on every cluster; a scratch namespace could never finish terminating without the namespace controller) and
/// read until its controller sets <c>status.observedGeneration</c>, then deleted.
/// </summary>
internal static class ControllerProbe
{
    public const string NamePrefix = "acolhimento-live-controller-probe-";

    public static async Task<bool> ControllersRunAsync(ApiServer api, Polling polling, CancellationToken cancellationToken)
    {
        var name = NamePrefix + Guid.NewGuid().ToString("N")[..8];
        var path = ApiResource.Deployments.ObjectPath("default", name);
        var applied = await api.ApplyAsync(path, Body(name), ApplyMode.Apply, cancellationToken, force: true);
        if (!applied.Succeeded) return false;
        try
        {
            for (var attempt = 0; attempt < polling.Attempts; attempt++)
            {
                var state = await api.GetAsync(path, cancellationToken);
                if (state.Succeeded && Observed(state.Body)) return true;
                await polling.DelayAsync(cancellationToken);
            }
            return false;
        }
        finally
        {
            await api.DeleteAsync(path, CancellationToken.None);
        }
    }

    private static bool Observed(string json)
    {
        try
        {
            var state = JToken.Parse(json);
            return state["status"]?["observedGeneration"]?.Value<long?>() is { } observed && observed >= (state["metadata"]?["generation"]?.Value<long?>() ?? 1);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Zero replicas: a controller records the generation and starts nothing; restricted-compliant so no namespace policy refuses it.</summary>
    private static string Body(string name) => new JObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JObject { ["app.kubernetes.io/managed-by"] = ApiServer.FieldManager } },
        ["spec"] = new JObject
        {
            ["replicas"] = 0,
            ["selector"] = new JObject { ["matchLabels"] = new JObject { ["app"] = name } },
            ["template"] = new JObject
            {
                ["metadata"] = new JObject { ["labels"] = new JObject { ["app"] = name } },
                ["spec"] = new JObject
                {
                    ["automountServiceAccountToken"] = false,
                    ["securityContext"] = new JObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JObject { ["type"] = "RuntimeDefault" } },
                    ["containers"] = new JArray(new JObject
                    {
                        ["name"] = "probe",
                        ["image"] = "registry.k8s.io/pause:3.10",
                        ["securityContext"] = new JObject { ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JObject { ["drop"] = new JArray("ALL") } },
                    }),
                },
            },
        },
    }.ToString(Formatting.None);
}
