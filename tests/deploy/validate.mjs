// Reads `kubectl kustomize deploy/kubernetes` on stdin and checks every object offline: first against
// the Kubernetes API schema of its apiVersion and kind (kubernetes-models), then against what this
// service needs of its deployment (probes, non-root, silo labels and RBAC, the silo ports' policy,
// selectors that select something, secrets by reference). Exits 1 naming each problem.
import { parseAllDocuments } from "yaml";

const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

const objects = parseAllDocuments(input).map((d) => d.toJSON()).filter(Boolean);
const problems = [];
const where = (o) => `${o.kind}/${o.metadata?.name}`;

for (const object of objects) {
  let models;
  try {
    models = await import(`kubernetes-models/${object.apiVersion}`);
  } catch {
    problems.push(`${where(object)}: no schema for apiVersion ${object.apiVersion}`);
    continue;
  }
  const Model = models[object.kind];
  if (!Model) {
    problems.push(`${where(object)}: ${object.apiVersion} has no kind ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${where(object)}: ${e.message}`);
  }
}

const byKind = (kind) => objects.filter((o) => o.kind === kind);
const one = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const check = (condition, message) => condition || problems.push(message);

const deployments = byKind("Deployment");
check(deployments.length === 2, `expected the silo and gateway Deployments, found ${deployments.map(where)}`);
for (const deployment of deployments) {
  const pod = deployment.spec.template;
  check(matches(deployment.spec.selector.matchLabels, pod.metadata.labels), `${where(deployment)}: its selector does not select its pods`);
  check(pod.spec.securityContext?.runAsNonRoot === true, `${where(deployment)}: pods may run as root`);
  for (const container of pod.spec.containers) {
    const name = `${where(deployment)}/${container.name}`;
    check(container.livenessProbe?.httpGet?.path === "/health/live", `${name}: liveness is not /health/live`);
    check(container.readinessProbe?.httpGet?.path === "/health/ready", `${name}: readiness is not /health/ready`);
    check(container.resources?.requests?.cpu && container.resources?.limits?.memory, `${name}: no CPU request or memory limit`);
    check(container.securityContext?.allowPrivilegeEscalation === false, `${name}: privilege escalation allowed`);
    for (const env of container.env ?? []) {
      check(env.value === undefined || !/password|secret|key=/i.test(env.value), `${name}: ${env.name} carries a secret value inline`);
      const secret = env.valueFrom?.secretKeyRef;
      check(!secret || secret.name === "lyss-secrets", `${name}: ${env.name} refers to secret ${secret?.name}`);
    }
    for (const source of container.envFrom ?? []) {
      const map = source.configMapRef && one("ConfigMap", source.configMapRef.name);
      check(!source.configMapRef || map, `${name}: configMap ${source.configMapRef?.name} is not rendered`);
    }
  }
}

const silo = one("Deployment", "lyss-silo");
if (silo) {
  const pod = silo.spec.template;
  check(pod.metadata.labels["orleans/serviceId"] && pod.metadata.labels["orleans/clusterId"], "silo pods lack the orleans/serviceId and orleans/clusterId labels");
  const env = Object.fromEntries((pod.spec.containers[0].env ?? []).map((e) => [e.name, e]));
  for (const name of ["POD_NAME", "POD_NAMESPACE", "POD_IP"]) {
    check(env[name]?.valueFrom?.fieldRef, `silo: ${name} does not come from the downward API`);
  }
  check(pod.spec.terminationGracePeriodSeconds >= 45, "silo: the grace period is shorter than a silo's shutdown");
  const binding = byKind("RoleBinding").find((b) => b.subjects?.some((s) => s.kind === "ServiceAccount" && s.name === pod.spec.serviceAccountName));
  check(binding, `silo: no RoleBinding for its service account ${pod.spec.serviceAccountName}`);
  const role = binding && one("Role", binding.roleRef.name);
  const podRule = role?.rules?.find((r) => r.resources?.includes("pods"));
  check(podRule && ["get", "list", "watch", "delete"].every((v) => podRule.verbs.includes(v)), "silo: its Role cannot watch and delete pods");
  check(byKind("ClusterRole").length === 0 && byKind("ClusterRoleBinding").length === 0, "RBAC must stay namespaced");

  const policies = byKind("NetworkPolicy").filter((p) => matches(p.spec.podSelector.matchLabels, pod.metadata.labels));
  const open = (port) => policies.flatMap((p) => p.spec.ingress ?? []).filter((rule) => (rule.ports ?? []).some((p) => p.port === port));
  for (const port of [11111, 30000]) {
    const rules = open(port);
    check(policies.length > 0 && rules.length > 0, `silo port ${port}: no NetworkPolicy admits it`);
    check(rules.every((rule) => rule.from?.length && rule.from.every((f) => f.podSelector && !f.ipBlock && !f.namespaceSelector)),
      `silo port ${port}: admitted from outside this service's pods`);
  }
}

for (const service of byKind("Service")) {
  check(deployments.some((d) => matches(service.spec.selector, d.spec.template.metadata.labels)), `${where(service)}: selects no Deployment's pods`);
}
check(one("Service", "lyss-silo")?.spec.clusterIP === "None", "the silo Service is not headless");
for (const budget of byKind("PodDisruptionBudget")) {
  check(deployments.some((d) => matches(budget.spec.selector.matchLabels, d.spec.template.metadata.labels)), `${where(budget)}: covers no Deployment`);
}
for (const scaler of byKind("HorizontalPodAutoscaler")) {
  check(one(scaler.spec.scaleTargetRef.kind, scaler.spec.scaleTargetRef.name), `${where(scaler)}: scales nothing rendered`);
}
for (const name of ["lyss-silo", "lyss-gateway"]) {
  check(byKind("PodDisruptionBudget").some((b) => b.metadata.name === name), `${name}: no PodDisruptionBudget`);
  check(byKind("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === name), `${name}: no HorizontalPodAutoscaler`);
}
check(!objects.some((o) => o.kind === "Secret"), "a Secret is rendered: secrets are referenced, never shipped");

if (problems.length > 0) {
  console.error(problems.map((p) => `✗ ${p}`).join("\n"));
  process.exit(1);
}
console.log(`✓ ${objects.length} objects valid (${[...new Set(objects.map((o) => o.kind))].join(", ")})`);
