#!/usr/bin/env python3
"""Checks what `helm template` rendered for the secd chart, as an operator would read it.

usage: check-render.py MANIFESTS.yaml default|prod|plain
  default: the chart's own values; prod: tests/helm/values-prod.yaml;
  plain: default values with tls.enabled=false and autoscaling.enabled=false.
"""
import sys

import yaml

path, mode = sys.argv[1], sys.argv[2]
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
EXPECT = {
    "default": dict(image="secd:0.1.0", db_secret=("secd-database", "password"),
                    tokens="secd-tokens", tls="secd-tls", client_ca=None, hpa=(2, 10), pdb=1),
    "prod": dict(image="registry.example.com/sec/secd:0.1.0",
                 db_secret=("secd-db-credentials", "mysql-password"), tokens="secd-tokens",
                 tls="secd-server-tls", client_ca="secd-party-ca", hpa=(3, 12), pdb=2),
    "plain": dict(image="secd:0.1.0", db_secret=("secd-database", "password"),
                  tokens="secd-tokens", tls=None, client_ca=None, hpa=None, pdb=1),
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
    for probe in ("livenessProbe", "readinessProbe"):
        p = c.get(probe, {})
        check(p.get("grpc", {}).get("port") == 8081, f"{probe} is not gRPC on 8081: {p}")
        check("httpGet" not in p and "exec" not in p, f"{probe} not a native gRPC probe")
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
    check(all("secret" in v or "emptyDir" in v for v in vols.values()),
          f"unexpected volume kinds: {list(vols.values())}")
    check(pod.get("terminationGracePeriodSeconds", 30) > int(cfg.get("SECD_DRAIN_SECONDS", 10)),
          "grace period not longer than the drain")
    if EXPECT["hpa"]:
        check("replicas" not in dep["spec"], "Deployment sets replicas although the HPA owns them")
    else:
        check(dep["spec"].get("replicas") == 2, f"replicas {dep['spec'].get('replicas')}")
    if prod:
        check(pod.get("imagePullSecrets") == [{"name": "registry-credentials"}], "imagePullSecrets")

if svc:
    sports = {p["name"]: (p["port"], p["targetPort"]) for p in svc["spec"]["ports"]}
    check(sports == {"grpc": (50051, "grpc"), "metrics": (9090, "metrics")},
          f"Service ports {sports}")
    sel = svc["spec"]["selector"]
    check(all(pod_labels.get(k) == v for k, v in sel.items()), "Service does not select the pods")

hpa = one("HorizontalPodAutoscaler", required=bool(EXPECT["hpa"]))
if hpa and EXPECT["hpa"]:
    check((hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == EXPECT["hpa"],
          f"HPA {hpa['spec']['minReplicas']}..{hpa['spec']['maxReplicas']}")
    check(hpa["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"], "HPA target")

pdb = one("PodDisruptionBudget")
if pdb:
    check(pdb["spec"].get("minAvailable") == EXPECT["pdb"], f"PDB {pdb['spec']}")
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

if failures:
    print(f"FAIL ({mode}):", *failures, sep="\n  ", file=sys.stderr)
    sys.exit(1)
kinds = sorted(d["kind"] for d in docs)
print(f"ok ({mode}): {len(docs)} objects: {', '.join(kinds)}")
