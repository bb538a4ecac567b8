#!/usr/bin/env bash
# SIGTERM on the container (podman stop): secd drains (health NOT_SERVING, then in-flight calls
# finish) and exits 0 well within the grace period, with a streaming call open.
# Health is checked through secd's lifecycle log: the "draining" line is logged as secd sets
# every service NOT_SERVING; no live probe (the window before the server stops taking new calls
# is too short to hit from outside).
#   sigterm.sh STATE_DIR SECCTL
source "$(dirname "$0")/lib.sh"
ct_init "$1"
secctl=${2:?secctl}
ct_require_image
name="secd-ctest-$CT_ID-sigterm"
grace=20
work=""
watch_pid=""
cleanup() {
  [ -z "$watch_pid" ] || kill "$watch_pid" 2>/dev/null || true
  podman rm -f -v "$name" >/dev/null 2>&1 || true
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
cleanup
work=$(mktemp -d "$CT_STATE/run-sigterm.XXXXXX")

port=$(free_port)
podman run -d --name "$name" --label "$CT_LABEL" -p "127.0.0.1:$port:50051" \
  -e SECD_METRICS_LISTEN= -e SECD_DRAIN_SECONDS=5 "$CT_IMAGE" >/dev/null || fail "podman run failed"
for _ in $(seq 1 120); do
  podman exec "$name" test -s /var/lib/secd/secd-admin.token 2>/dev/null && break
  sleep 0.25
done
podman cp "$name:/var/lib/secd/secd-admin.token" "$work/admin.token" || { show_logs "$name"; fail "no admin token"; }
ctl=("$secctl" --server "127.0.0.1:$port" --token-file "$work/admin.token")
wait_for_secctl "$name" 30 "${ctl[@]}" parties list

step "a streaming call in flight (secctl watch), then podman stop -t $grace"
"${ctl[@]}" --deadline 120 watch --from 0 >"$work/watch.out" 2>&1 &
watch_pid=$!
sleep 1
kill -0 "$watch_pid" 2>/dev/null || fail "secctl watch ended before the stop: $(cat "$work/watch.out")"
start=$(date +%s%N)
podman stop -t "$grace" "$name" >/dev/null || fail "podman stop failed"
took_ms=$((($(date +%s%N) - start) / 1000000))
code=$(podman inspect -f '{{.State.ExitCode}}' "$name")
logs=$(podman logs "$name" 2>&1)
echo "stopped in ${took_ms} ms, exit code $code"
[ "$code" = "0" ] || { echo "$logs" >&2; fail "secd exited $code on SIGTERM, not 0"; }
[ "$took_ms" -lt $((grace * 1000)) ] || fail "stop took ${took_ms} ms: secd was killed at the grace period"
grep -q 'draining' <<<"$logs" || { echo "$logs" >&2; fail "no 'draining' line in the logs"; }
grep 'draining' <<<"$logs" | grep -q 'SIGTERM' || fail "the draining line does not name SIGTERM"
grep -q 'stopped' <<<"$logs" || { echo "$logs" >&2; fail "no 'stopped' line after draining"; }
# The order a user checks: serving, then draining, then stopped.
order=$(grep -n -E 'serving|draining|stopped' <<<"$logs" | grep -o -E 'serving|draining|stopped' | tr '\n' ' ')
[[ "$order" == *"serving draining stopped"* ]] || fail "lifecycle lines out of order: $order"
# The open stream ended with the server (secctl exits), not at its own deadline.
for _ in $(seq 1 20); do kill -0 "$watch_pid" 2>/dev/null || break; sleep 0.25; done
! kill -0 "$watch_pid" 2>/dev/null || fail "secctl watch still running after secd stopped"
watch_pid=""
echo "ok: SIGTERM drained and exited 0"
