#!/usr/bin/env bash
# The image on its embedded store, with a named volume: the host's secctl imports the reference
# register through the published port; a NEW container on the same volume still has the data
# and accepts the same admin token.
#   embedded-volume.sh STATE_DIR SECCTL DATA_DIR
source "$(dirname "$0")/lib.sh"
ct_init "$1"
secctl=${2:?secctl}
data=${3:?data dir}
ct_require_image
name="secd-ctest-$CT_ID-embedded"
vol="$name-data"
work=""
cleanup() {
  podman rm -f -v "$name-1" "$name-2" >/dev/null 2>&1 || true
  podman volume rm -f "$vol" >/dev/null 2>&1 || true
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
cleanup
work=$(mktemp -d "$CT_STATE/run-embedded.XXXXXX")

podman volume create --label "$CT_LABEL" "$vol" >/dev/null

start() { # start NAME PORT [METRICS_PORT]: a container on the volume, gRPC on 127.0.0.1:PORT
  local metrics=()
  [ -z "${3:-}" ] || metrics=(-p "127.0.0.1:$3:9090")
  podman run -d --name "$1" --label "$CT_LABEL" -p "127.0.0.1:$2:50051" "${metrics[@]}" \
    -v "$vol:/var/lib/secd" "$CT_IMAGE" >/dev/null ||
    fail "podman run $1 failed"
}

step "first container on volume $vol"
port=$(free_port)
mport=$(free_port)
start "$name-1" "$port" "$mport"
# First start on an empty store writes the tokens file and an admin token into the volume.
for _ in $(seq 1 120); do
  podman exec "$name-1" test -s /var/lib/secd/secd-admin.token 2>/dev/null && break
  sleep 0.25
done
podman cp "$name-1:/var/lib/secd/secd-admin.token" "$work/admin.token" ||
  { show_logs "$name-1"; fail "no admin token in the volume"; }
ctl=("$secctl" --server "127.0.0.1:$port" --token-file "$work/admin.token")
wait_for_secctl "$name-1" 30 "${ctl[@]}" parties list

step "import data/reference/10-register.json through 127.0.0.1:$port"
"${ctl[@]}" import "$data/10-register.json" || { show_logs "$name-1"; fail "secctl import failed"; }
before=$("${ctl[@]}" --output csv modifications list --open) || fail "secctl list failed"
check_open_list "$before"

step "scrape metrics on 127.0.0.1:$mport (the image's default --metrics_listen 0.0.0.0:9090)"
metrics=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
  "http://127.0.0.1:$mport/metrics") || { show_logs "$name-1"; fail "no metrics on the published port 9090"; }
grep -q '^grpc_server_started_total' <<<"$metrics" || fail "no grpc_server_started_total in the scrape"
# One grep over the whole scrape: `grep -E ... | grep -q` would end the first grep early with
# SIGPIPE on a scrape this size (every method's series), and pipefail would call that a failure.
grep -Eq '^grpc_server_handled_total\{.*grpc_code="OK".* [1-9][0-9]*$' <<<"$metrics" ||
  fail "no successful call counted in grpc_server_handled_total:
$(grep grpc_server_handled_total <<<"$metrics" | head)"

step "stop, then a new container on the same volume"
podman stop -t 20 "$name-1" >/dev/null
[ "$(podman inspect -f '{{.State.ExitCode}}' "$name-1")" = "0" ] || { show_logs "$name-1"; fail "first container did not exit 0"; }
podman rm "$name-1" >/dev/null
podman volume exists "$vol" || fail "volume $vol gone with the container"
port=$(free_port)
start "$name-2" "$port"
ctl=("$secctl" --server "127.0.0.1:$port" --token-file "$work/admin.token")
wait_for_secctl "$name-2" 30 "${ctl[@]}" parties list
podman cp "$name-2:/var/lib/secd/secd-admin.token" "$work/admin-2.token"
cmp -s "$work/admin.token" "$work/admin-2.token" || fail "second start wrote a new admin token: the store did not persist"
after=$("${ctl[@]}" --output csv modifications list --open) || { show_logs "$name-2"; fail "secctl list on the new container failed"; }
check_open_list "$after"
[ "$before" = "$after" ] || fail "the new container lists different proposals:
before:
$before
after:
$after"
# The data sits in the volume, as the non-root user.
podman exec "$name-2" sh -c 'test -s /var/lib/secd/secd.db && test "$(stat -c %u /var/lib/secd/secd.db)" = 10001' ||
  fail "secd.db is not in the volume or not owned by uid 10001"
echo "ok: data kept across containers on volume $vol"
