#!/usr/bin/env bash
# Chart tests (no cluster here: lint and template only).
#   helm-test.sh HELM CHART_DIR WORK_DIR lint|default|prod|plain|single|hpa1|bad|readme|fail
# Every rendering is checked by check-render.py (what an operator would read) and validated
# against the Kubernetes 1.27 schemas (validate-k8s.js, strict: unknown fields are errors); the
# PrometheusRule's groups also go through `promtool check rules`.
set -euo pipefail
helm=${1:?helm}
chart=${2:?chart dir}
work=${3:?work dir}
what=${4:?what}
here=$(cd "$(dirname "$0")" && pwd)
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ -x "$helm" ] || fail "helm not found at $helm: run scripts/install-helm (scripts/install-deps does)"
# scripts/install-helm puts the schema packages beside helm, in build/tools/node_modules.
node_modules=$(cd "$(dirname "$helm")/.." && pwd)/node_modules
mkdir -p "$work"
render() { # render NAME ARGS...: helm template into $work/NAME.yaml and check it
  local name=$1
  shift
  rm -f "$work/$name.json" "$work/$name.rules.yaml"
  "$helm" template secd "$chart" "$@" >"$work/$name.yaml" || fail "helm template ($name) failed"
  python3 "$here/check-render.py" "$work/$name.yaml" "$name" "$work/$name.json"
  [ -d "$node_modules/kubernetes-models" ] ||
    fail "no kubernetes-models in $node_modules: run scripts/install-helm (scripts/install-deps does)"
  command -v node >/dev/null || fail "node not found: run scripts/install-deps"
  node "$here/validate-k8s.js" "$node_modules" "$work/$name.json" || fail "$name: manifests do not meet the Kubernetes schemas"
  if [ -f "$work/$name.rules.yaml" ]; then
    command -v promtool >/dev/null || fail "promtool not found: run scripts/install-helm (scripts/install-deps does)"
    promtool check rules "$work/$name.rules.yaml" || fail "$name: promtool check rules"
  fi
}
case $what in
lint)
  "$helm" lint --strict "$chart" || fail "helm lint --strict"
  "$helm" lint --strict "$chart" -f "$here/values-prod.yaml" || fail "helm lint --strict with values-prod.yaml"
  ;;
default) render default ;;
prod) render prod -f "$here/values-prod.yaml" ;;
plain) render plain --set tls.enabled=false --set autoscaling.enabled=false ;;
single) render single --set tls.enabled=false --set autoscaling.enabled=false --set replicaCount=1 ;;
hpa1) render hpa1 --set autoscaling.minReplicas=1 --set replicaCount=3 ;;
readme)
  # The chart README's parameters table lists every value, with the default values.yaml has.
  python3 "$here/check-readme.py" "$chart/values.yaml" "$chart/README.md"
  ;;
fail)
  # Values the schema cannot judge alone, refused by the templates with a message.
  if out=$("$helm" template secd "$chart" --set terminationGracePeriodSeconds=12 2>&1); then
    fail "a grace period shorter than preStop + drain (5 + 10 s) was accepted"
  fi
  grep -q "must be longer than preStopSleepSeconds + config.drainSeconds" <<<"$out" ||
    fail "refused, but not for the grace period: $out"
  echo "refused a grace period of 12 s: $(grep -o 'terminationGracePeriodSeconds.*' <<<"$out")"
  ;;bad)
  # Every file under bad/ must be refused by values.schema.json, with a schema error.
  n=0
  for f in "$here"/bad/*.yaml; do
    n=$((n + 1))
    if out=$("$helm" template secd "$chart" -f "$f" 2>&1); then
      fail "$(basename "$f") was accepted; values.schema.json must refuse it"
    fi
    grep -q "values don't meet the specifications of the schema" <<<"$out" ||
      fail "$(basename "$f") failed, but not on the schema: $out"
    echo "refused $(basename "$f"): $(grep -m1 -- '- ' <<<"$out" || true)"
  done
  [ "$n" -gt 0 ] || fail "no bad values files"
  ;;
*) fail "unknown check $what" ;;
esac
