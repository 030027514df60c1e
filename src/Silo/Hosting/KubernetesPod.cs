namespace Lyss.UserGrains.Silo.Hosting;

/// <summary>
/// Whether this silo runs in a Kubernetes pod set up as deploy/kubernetes does: the API server is
/// reachable (<c>KUBERNETES_SERVICE_HOST</c>, set by Kubernetes itself) and the pod names itself
/// (<c>POD_NAME</c>, from the downward API). Then Orleans' Kubernetes hosting names the silo after the
/// pod and watches the silo pods, so a pod that is gone leaves the membership at once.
/// </summary>
public static class KubernetesPod
{
    public static bool IsCurrent(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrEmpty(environment("POD_NAME"));
    }
}
