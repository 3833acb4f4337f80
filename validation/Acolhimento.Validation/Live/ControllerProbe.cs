using System.Text.Json.Nodes;
using Acolhimento.Validation.Yaml;

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

    private static bool Observed(string json) =>
        LiveJson.Parse(json) is { } state
        && state["status"]?["observedGeneration"].Number() is { } observed && observed >= (state["metadata"]?["generation"].Number() ?? 1);

    /// <summary>Zero replicas: a controller records the generation and starts nothing; restricted-compliant so no namespace policy refuses it.</summary>
    private static string Body(string name) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = ApiServer.FieldManager } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 0,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["automountServiceAccountToken"] = false,
                    ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" } },
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "probe",
                        ["image"] = "registry.k8s.io/pause:3.10",
                        ["securityContext"] = new JsonObject { ["allowPrivilegeEscalation"] = false, ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") } },
                    }),
                },
            },
        },
    }.ToCompactJson();
}
