namespace Acolhimento.Validation.Render;

/// <summary>
/// A cluster an Application deploys to, other than the one its Argo CD runs in: one of the <c>argoCdClusters</c> that
/// <c>validation.yaml</c> declares for that Argo CD, with the Kubernetes version it runs. Objects deployed to the Argo CD's
/// own cluster (<c>in-cluster</c>) carry no destination: they belong to the declared cluster itself.
/// </summary>
public sealed record DestinationCluster(string Name, string Server, string KubernetesVersion);
