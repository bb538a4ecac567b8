#!/usr/bin/env python3
"""Checks what `helm template` rendered for the secd chart, as an operator would read it.

usage: check-render.py MANIFESTS.yaml default|prod|plain|single|hpa1 [OUT.json]
  default: the chart's own values; prod: tests/helm/values-prod.yaml;
  plain: default values with tls.enabled=false and autoscaling.enabled=false;
  single: one replica, no HPA; hpa1: the HPA with minReplicas 1 (replicaCount 3).
OUT.json: the objects as one JSON array, for validate-k8s.js (the Kubernetes schemas), and the
PrometheusRule's groups as OUT.rules.yaml for `promtool check rules`, when there is one.
"""
import json
import re
import sys

import yaml

path, mode = sys.argv[1], sys.argv[2]
out_json = sys.argv[3] if len(sys.argv) > 3 else None
docs = [d for d in yaml.safe_load_all(open(path)) if d]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def one(kind, required=True):
    found = [d for d in docs if d["kind"] == kind]
    if required:
        check(len(found) == 1, f"expected one {kind}, found {len(found)}")
    else:
        check(len(found) == 0, f"expected no {kind}, found {len(found)}")
    return found[0] if found else None


prod = mode == "prod"
plain = mode == "plain"
BASE = dict(image="secd:0.2.0", db_secret=("secd-database", "password"), tokens="secd-tokens",
            tls="secd-tls", client_ca=None, hpa=(2, 10), replicas=None,
            # The PDB: ("maxUnavailable", 1), ("minAvailable", n), or None for no PDB.
            pdb=("maxUnavailable", 1), mysql_ca=None, secrets_version=None, drain=10, pre_stop=5)
EXPECT = {
    "default": BASE,
    "prod": dict(BASE, image="registry.example.com/sec/secd:0.2.0",
                 db_secret=("secd-db-credentials", "mysql-password"), tls="secd-server-tls",
                 client_ca="secd-party-ca", hpa=(3, 12), pdb=("minAvailable", 2),
                 mysql_ca=("secd-mysql-ca", "ca.pem", "VERIFY_IDENTITY"),
                 secrets_version="2026-12-01", drain=15, pre_stop=10),
    "plain": dict(BASE, tls=None, hpa=None, replicas=2),
    # One replica: a PDB would block every node drain.
    "single": dict(BASE, tls=None, hpa=None, replicas=1, pdb=None),
    "hpa1": dict(BASE, hpa=(1, 10), pdb=None),
}[mode]

# Secrets are referenced, never rendered.
check(not [d for d in docs if d["kind"] == "Secret"], "the chart renders a Secret")

cm = one("ConfigMap")
cfg = cm["data"] if cm else {}
for k, v in cfg.items():
    check(not ("PASSWORD" in k or ("TOKEN" in k and not k.endswith("_FILE"))),
          f"ConfigMap carries a secret-looking key {k}")
check(cfg.get("SECD_LISTEN") == "0.0.0.0:50051", f"SECD_LISTEN {cfg.get('SECD_LISTEN')}")
check(cfg.get("SECD_HEALTH_LISTEN") == "0.0.0.0:8081",
      f"SECD_HEALTH_LISTEN {cfg.get('SECD_HEALTH_LISTEN')} (plaintext health for the probes)")
check(cfg.get("SECD_METRICS_LISTEN") == "0.0.0.0:9090", "metrics not on 0.0.0.0:9090")
check(cfg.get("SECD_DATABASE", "").startswith("mysql://"), "database is not an external MySQL")
if EXPECT["mysql_ca"]:
    # MySQL TLS: the mode and the mounted CA, on the --database URL.
    want = f"?ssl_mode={EXPECT['mysql_ca'][2]}&ssl_ca=/etc/secd/mysql-ca/ca.crt"
    check(cfg.get("SECD_DATABASE", "").endswith(want),
          f"SECD_DATABASE {cfg.get('SECD_DATABASE')} does not end with {want}")
else:
    check("?" not in cfg.get("SECD_DATABASE", ""), f"SECD_DATABASE {cfg.get('SECD_DATABASE')} has parameters")
check(cfg.get("SECD_TOKENS_FILE") == "/etc/secd/tokens/tokens", "tokens file path")
if EXPECT["tls"]:
    check(cfg.get("SECD_TLS_CERT") == "/etc/secd/tls/tls.crt", "TLS cert flag missing")
    check(cfg.get("SECD_TLS_KEY") == "/etc/secd/tls/tls.key", "TLS key flag missing")
else:
    check("SECD_TLS_CERT" not in cfg, "TLS flags set with tls.enabled=false")
if EXPECT["client_ca"]:
    check(cfg.get("SECD_TLS_CLIENT_CA") == "/etc/secd/client-ca/ca.crt", "client CA flag missing")
else:
    check("SECD_TLS_CLIENT_CA" not in cfg, "client CA flag without tls.clientCA")


def env_checks(container, where):
    """Every secret-looking variable comes from a secretKeyRef; the password from the right one."""
    pw = None
    for e in container.get("env", []):
        name = e["name"]
        if "PASSWORD" in name or ("TOKEN" in name and not name.endswith("_FILE")):
            check("value" not in e, f"{where}: {name} has an inline value")
            check("secretKeyRef" in e.get("valueFrom", {}), f"{where}: {name} not from a Secret")
        if name == "SECD_DATABASE_PASSWORD":
            pw = e.get("valueFrom", {}).get("secretKeyRef", {})
    if check(pw is not None, f"{where}: no SECD_DATABASE_PASSWORD"):
        check((pw.get("name"), pw.get("key")) == EXPECT["db_secret"],
              f"{where}: password from {pw}, expected {EXPECT['db_secret']}")


def security_checks(pod, container, where):
    psc = pod.get("securityContext", {})
    check(psc.get("runAsNonRoot") is True, f"{where}: pod not runAsNonRoot")
    check(psc.get("runAsUser") == 10001, f"{where}: pod runAsUser {psc.get('runAsUser')}")
    sc = container.get("securityContext", {})
    check(sc.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem writable")
    check(sc.get("allowPrivilegeEscalation") is False, f"{where}: privilege escalation allowed")
    check(sc.get("capabilities", {}).get("drop") == ["ALL"], f"{where}: capabilities not dropped")
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    vols = {v["name"]: v for v in pod.get("volumes", [])}
    check("/tmp" in mounts and "emptyDir" in vols.get(mounts.get("/tmp"), {}),
          f"{where}: /tmp is not an emptyDir")
    return mounts, vols


dep = one("Deployment")
svc = one("Service")
pod_labels = {}
if dep:
    pod = dep["spec"]["template"]["spec"]
    pod_labels = dep["spec"]["template"]["metadata"]["labels"]
    c = pod["containers"][0]
    check(c["image"] == EXPECT["image"], f"image {c['image']}, expected {EXPECT['image']}")
    # Alive is not ready: liveness and startup ask for the "liveness" service, which stays
    # SERVING through a database outage; readiness asks for the overall service "", which does
    # not. Probing "" for liveness restarts every pod when the database goes away.
    want = {"startupProbe": "liveness", "livenessProbe": "liveness", "readinessProbe": ""}
    for probe, service in want.items():
        p = c.get(probe, {})
        check(p.get("grpc", {}).get("port") == 8081, f"{probe} is not gRPC on 8081: {p}")
        check("httpGet" not in p and "exec" not in p, f"{probe} not a native gRPC probe")
        check(p.get("grpc", {}).get("service") == service,
              f"{probe} asks for service {p.get('grpc', {}).get('service')!r}, expected {service!r}")
    sp = c.get("startupProbe", {})
    check(sp.get("failureThreshold", 3) * sp.get("periodSeconds", 10) >= 120,
          f"startupProbe allows under 2 minutes to start: {sp}")
    ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    check(ports == {"grpc": 50051, "health": 8081, "metrics": 9090}, f"container ports {ports}")
    check(c.get("envFrom", [{}])[0].get("configMapRef", {}).get("name") == cm["metadata"]["name"],
          "Deployment does not take its flags from the ConfigMap")
    env_checks(c, "Deployment")
    mounts, vols = security_checks(pod, c, "Deployment")
    tok = vols.get(mounts.get("/etc/secd/tokens"), {})
    check(tok.get("secret", {}).get("secretName") == EXPECT["tokens"],
          f"tokens not from Secret {EXPECT['tokens']}: {tok}")
    tls = vols.get(mounts.get("/etc/secd/tls"), {})
    if EXPECT["tls"]:
        check(tls.get("secret", {}).get("secretName") == EXPECT["tls"],
              f"TLS not from Secret {EXPECT['tls']}: {tls}")
    else:
        check(not tls, "TLS volume with tls.enabled=false")
    ca = vols.get(mounts.get("/etc/secd/client-ca"), {})
    if EXPECT["client_ca"]:
        check(ca.get("secret", {}).get("secretName") == EXPECT["client_ca"], f"client CA: {ca}")
    if EXPECT["hpa"]:
        check("replicas" not in dep["spec"], "Deployment sets replicas although the HPA owns them")
    else:
        check(dep["spec"].get("replicas") == EXPECT["replicas"],
              f"replicas {dep['spec'].get('replicas')}")
    # Shutdown: the preStop sleep lets endpoints drain before SIGTERM; the grace period covers
    # it and secd's own drain.
    drain = int(cfg.get("SECD_DRAIN_SECONDS", -1))
    check(drain == EXPECT["drain"], f"SECD_DRAIN_SECONDS {drain}")
    pre = c.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command")
    check(pre == ["/bin/sleep", str(EXPECT["pre_stop"])], f"preStop {pre}, expected a sleep")
    check(pod.get("terminationGracePeriodSeconds", 30) > EXPECT["pre_stop"] + drain,
          f"grace period {pod.get('terminationGracePeriodSeconds', 30)} not longer than "
          f"preStop {EXPECT['pre_stop']} + drain {drain}")
    # Spreading: soft anti-affinity on the node and a soft zone spread by default, over the pods.
    aff = pod.get("affinity", {}).get("podAntiAffinity", {})
    if prod:
        terms = aff.get("requiredDuringSchedulingIgnoredDuringExecution", [])
        check(len(terms) == 1 and terms[0].get("topologyKey") == "kubernetes.io/hostname",
              f"prod: expected hard anti-affinity per node: {aff}")
        term = terms[0] if terms else {}
    else:
        pref = aff.get("preferredDuringSchedulingIgnoredDuringExecution", [])
        check("requiredDuringSchedulingIgnoredDuringExecution" not in aff,
              "default anti-affinity is required, not preferred")
        check(len(pref) == 1 and pref[0].get("podAffinityTerm", {}).get("topologyKey") ==
              "kubernetes.io/hostname", f"no soft anti-affinity on the hostname: {aff}")
        term = pref[0].get("podAffinityTerm", {}) if pref else {}
    sel = term.get("labelSelector", {}).get("matchLabels", {})
    check(sel and all(pod_labels.get(k) == v for k, v in sel.items()),
          f"anti-affinity does not select the secd pods: {sel}")
    tsc = pod.get("topologySpreadConstraints", [])
    check(len(tsc) == 1 and tsc[0].get("topologyKey") == "topology.kubernetes.io/zone" and
          tsc[0].get("whenUnsatisfiable") == "ScheduleAnyway",
          f"expected one soft spread over the zones: {tsc}")
    tsel = tsc[0].get("labelSelector", {}).get("matchLabels", {}) if tsc else {}
    check(tsel and all(pod_labels.get(k) == v for k, v in tsel.items()),
          f"topology spread does not select the secd pods: {tsel}")
    # Rolling on Secret changes: the Secrets' versions (looked up at install/upgrade) and the
    # operator's secretsVersion are in the pod template.
    ann = dep["spec"]["template"]["metadata"].get("annotations", {})
    check("checksum/config" in ann, "no checksum of the ConfigMap on the pod template")
    versions = ann.get("secd/secret-versions")
    if check(versions is not None, "no secd/secret-versions annotation"):
        names = [kv.split("=")[0] for kv in versions.split(",")]
        used = {v["secret"]["secretName"] for v in pod.get("volumes", []) if "secret" in v}
        used |= {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", [])
                 if "secretKeyRef" in e.get("valueFrom", {})}
        check(set(names) == used, f"secd/secret-versions names {names}, the pod uses {sorted(used)}")
    check(ann.get("secd/secrets-version") == EXPECT["secrets_version"],
          f"secd/secrets-version {ann.get('secd/secrets-version')}, expected {EXPECT['secrets_version']}")
    if prod:
        check(pod.get("imagePullSecrets") == [{"name": "registry-credentials"}], "imagePullSecrets")

if svc:
    sports = {p["name"]: (p["port"], p["targetPort"]) for p in svc["spec"]["ports"]}
    check(sports == {"grpc": (50051, "grpc"), "health": (8081, "health"),
                     "metrics": (9090, "metrics")}, f"Service ports {sports}")
    sel = svc["spec"]["selector"]
    check(all(pod_labels.get(k) == v for k, v in sel.items()), "Service does not select the pods")

hpa = one("HorizontalPodAutoscaler", required=bool(EXPECT["hpa"]))
if hpa and EXPECT["hpa"]:
    check((hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == EXPECT["hpa"],
          f"HPA {hpa['spec']['minReplicas']}..{hpa['spec']['maxReplicas']}")
    check(hpa["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"], "HPA target")

pdb = one("PodDisruptionBudget", required=bool(EXPECT["pdb"]))
if pdb and EXPECT["pdb"]:
    field, n = EXPECT["pdb"]
    budget = {k: v for k, v in pdb["spec"].items() if k in ("minAvailable", "maxUnavailable")}
    check(budget == {field: n}, f"PDB {budget}, expected {{{field!r}: {n}}}")
    check(all(pod_labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items()),
          "PDB does not select the pods")

job = one("Job")
if job:
    ann = job["metadata"].get("annotations", {})
    check(ann.get("helm.sh/hook") == "pre-install,pre-upgrade", f"Job hook: {ann}")
    check("hook-succeeded" in ann.get("helm.sh/hook-delete-policy", ""), "Job not deleted on success")
    jpod = job["spec"]["template"]["spec"]
    jc = jpod["containers"][0]
    check(jc.get("args") == ["migrate"], f"Job runs {jc.get('args')}, not `secd migrate`")
    check(jc["image"] == EXPECT["image"], "Job image differs from the Deployment's")
    check(jpod.get("restartPolicy") == "Never", "Job restartPolicy")
    env_checks(jc, "Job")
    security_checks(jpod, jc, "Job")
    db = {e["name"]: e.get("value") for e in jc.get("env", [])}.get("SECD_DATABASE")
    check(db == cfg.get("SECD_DATABASE"), f"Job migrates {db}, the Deployment uses {cfg.get('SECD_DATABASE')}")
    jl = job["spec"]["template"]["metadata"]["labels"]
    if svc:
        check(not all(jl.get(k) == v for k, v in svc["spec"]["selector"].items()),
              "the Service would route to the migration pod")

sm = one("ServiceMonitor", required=prod)
if sm and prod:
    ep = sm["spec"]["endpoints"][0]
    check(ep.get("port") == "metrics" and ep.get("path") == "/metrics", f"ServiceMonitor {ep}")
    check(sm["metadata"]["labels"].get("release") == "prometheus", "ServiceMonitor labels")

# NetworkPolicy: on by default, over the secd pods; gRPC and health from the namespace (or the
# given peers), metrics only from the Prometheus selector, egress open unless rules are given.
np = one("NetworkPolicy")
if np:
    spec = np["spec"]
    sel = spec.get("podSelector", {}).get("matchLabels", {})
    check(sel and all(pod_labels.get(k) == v for k, v in sel.items()),
          f"NetworkPolicy does not select the secd pods: {sel}")
    rules = {}
    for r in spec.get("ingress", []):
        for p in r.get("ports", []):
            rules.setdefault(p.get("port"), []).append(r.get("from"))
    check(set(rules) == {"grpc", "health", "metrics"}, f"NetworkPolicy ingress ports {set(rules)}")
    check(all(f for fs in rules.values() for f in fs),
          "a NetworkPolicy ingress rule has no `from`: it would admit everyone")
    namespace = [{"podSelector": {}}]
    if prod:
        check(rules.get("grpc") == [[{"namespaceSelector": {"matchLabels": {
            "kubernetes.io/metadata.name": "ingress-nginx"}}}]], f"prod gRPC from {rules.get('grpc')}")
        check(rules.get("metrics") == [[{"namespaceSelector": {"matchLabels": {
            "kubernetes.io/metadata.name": "observability"}}}]], f"prod metrics from {rules.get('metrics')}")
        check(spec.get("policyTypes") == ["Ingress", "Egress"] and len(spec.get("egress", [])) == 2,
              f"prod egress: {spec.get('policyTypes')} {spec.get('egress')}")
    else:
        check(rules.get("grpc") == [namespace], f"gRPC from {rules.get('grpc')}, not the namespace")
        m = rules.get("metrics", [[{}]])[0]
        check(m and all(set(peer) == {"namespaceSelector", "podSelector"} for peer in m)
              and m[0]["namespaceSelector"] != {} and m[0]["podSelector"] != {},
              f"metrics from {m}: expected the Prometheus namespace and pods")
        check(spec.get("policyTypes") == ["Ingress"] and "egress" not in spec,
              f"egress restricted by default: {spec.get('policyTypes')}")
    check(rules.get("health") == [namespace], f"health from {rules.get('health')}")

# The alerts: a PrometheusRule only when asked for (prod), over this release's series.
rule = one("PrometheusRule", required=prod)
if rule and prod:
    check(rule["metadata"]["labels"].get("release") == "prometheus", "PrometheusRule labels")
    alerts = {r["alert"]: r for g in rule["spec"]["groups"] for r in g["rules"]}
    want = {"SecdHighErrorRatio": ["grpc_server_handled_total", 'grpc_code!~"OK|', "grpc_method"],
            "SecdHighLatency": ["histogram_quantile(0.99", "grpc_server_handling_seconds_bucket",
                                "grpc_method"],
            "SecdNotReady": ["kube_pod_status_ready", 'condition="true"'],
            "SecdDown": ["up{"],
            "SecdCreditShortfall": ["secd_parties_in_credit_shortfall"]}
    check(set(alerts) == set(want), f"alerts {sorted(alerts)}, expected {sorted(want)}")
    for name, parts in want.items():
        expr = alerts.get(name, {}).get("expr", "")
        for part in parts:
            check(part in expr, f"{name}: {part!r} not in {expr!r}")
        scope = 'namespace="default"' if name == "SecdNotReady" else 'job="secd", namespace="default"'
        check(scope in expr, f"{name} not scoped to the release: {expr}")
        check(alerts.get(name, {}).get("labels", {}).get("team") == "sec-operations",
              f"{name}: alertLabels not applied")
        check(alerts.get(name, {}).get("annotations", {}).get("summary"), f"{name}: no summary")
    # The not-ready alert's pod pattern takes the Deployment's pods, not the Job's or the test's.
    m = re.search(r'pod=~"([^"]+)"', alerts.get("SecdNotReady", {}).get("expr", ""))
    if check(m, "SecdNotReady does not pick pods by name"):
        pat = re.compile(m.group(1))
        check(pat.fullmatch("secd-7c9d8b6f4d-x2kqz"), f"{pat.pattern} misses a Deployment pod")
        for other in ("secd-migrate-x2kqz", "secd-test-health"):
            check(not pat.fullmatch(other), f"{pat.pattern} takes {other}")

# `helm test`: a gRPC health check of the overall service through the Service's health port.
tests = [d for d in docs if d["kind"] == "Pod"
         and d["metadata"].get("annotations", {}).get("helm.sh/hook") == "test"]
if check(len(tests) == 1, f"expected one helm test pod, found {len(tests)}"):
    tp = tests[0]["spec"]
    tc = tp["containers"][0]
    args = tc.get("args", [])
    check(f"-addr={svc['metadata']['name']}:8081" in args, f"helm test does not ask the Service's health port: {args}")
    check("-service=" in args, f"helm test does not ask for the overall service: {args}")
    check(tc.get("command") == ["/ko-app/grpc-health-probe"],
          f"helm test runs {tc.get('command')}, not grpc-health-probe")
    check(tp.get("restartPolicy") == "Never", "helm test pod restarts")
    check(tp.get("securityContext", {}).get("runAsNonRoot") is True, "helm test pod runs as root")
    tl = tests[0]["metadata"].get("labels", {})
    check(not all(tl.get(k) == v for k, v in svc["spec"]["selector"].items()),
          "the Service would route to the helm test pod")

if out_json:
    with open(out_json, "w") as f:
        json.dump(docs, f)
    if rule:
        with open(out_json.removesuffix(".json") + ".rules.yaml", "w") as f:
            yaml.safe_dump({"groups": rule["spec"]["groups"]}, f)

if failures:
    print(f"FAIL ({mode}):", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
kinds = sorted(d["kind"] for d in docs)
print(f"ok ({mode}): {len(docs)} objects: {', '.join(kinds)}")
