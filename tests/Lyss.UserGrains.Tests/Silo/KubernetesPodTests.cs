using Lyss.UserGrains.Silo.Hosting;

namespace Lyss.UserGrains.Tests.Silo;

public sealed class KubernetesPodTests
{
    [Theory]
    [InlineData("10.96.0.1", "lyss-silo-7d9f-abcde", true)]
    [InlineData(null, "lyss-silo-7d9f-abcde", false)] // a POD_NAME outside Kubernetes (compose, a laptop)
    [InlineData("10.96.0.1", null, false)] // a pod not set up as deploy/kubernetes does
    [InlineData("", "", false)]
    public void Kubernetes_hosting_is_used_only_in_a_pod_that_names_itself(string? serviceHost, string? podName, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = serviceHost, ["POD_NAME"] = podName };

        Assert.Equal(expected, KubernetesPod.IsCurrent(name => environment.GetValueOrDefault(name)));
    }
}
