#!/usr/bin/env bash
# Chart tests (no cluster here: lint and template only).
#   helm-test.sh HELM CHART_DIR WORK_DIR lint|default|prod|plain|bad
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
mkdir -p "$work"
render() { # render NAME ARGS...: helm template into $work/NAME.yaml and check it
  local name=$1
  shift
  "$helm" template secd "$chart" "$@" >"$work/$name.yaml" || fail "helm template ($name) failed"
  python3 "$here/check-render.py" "$work/$name.yaml" "$name"
}
case $what in
lint)
  "$helm" lint --strict "$chart" || fail "helm lint --strict"
  "$helm" lint --strict "$chart" -f "$here/values-prod.yaml" || fail "helm lint --strict with values-prod.yaml"
  ;;
default) render default ;;
prod) render prod -f "$here/values-prod.yaml" ;;
plain) render plain --set tls.enabled=false --set autoscaling.enabled=false ;;
bad)
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
