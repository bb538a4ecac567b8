#!/usr/bin/env bash
# ctest fixture: builds the secd image from the top-level Dockerfile, once per ctest run.
#   image.sh STATE_DIR SOURCE_DIR
# The base image (debian:bookworm-slim) is made locally by scripts/container-base: no registry
# is reachable here, hence --pull=never. Build layers stay in podman's cache between runs.
source "$(dirname "$0")/lib.sh"
ct_init "$1"
src=${2:?source dir}
"$src/scripts/container-base" >/dev/null || fail "scripts/container-base failed"
podman image exists docker.io/library/debian:bookworm-slim || fail "no base image after container-base"
log="$CT_STATE/image-build.log"
step "podman build $CT_IMAGE (log: $log)"
start=$(date +%s)
if ! podman build --pull=never --label "$CT_IMAGE_LABEL" -t "$CT_IMAGE" -f "$src/Dockerfile" "$src" >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  fail "podman build failed after $(($(date +%s) - start)) s; full log in $log"
fi
size=$(podman image inspect -f '{{.Size}}' "$CT_IMAGE")
echo "built $CT_IMAGE in $(($(date +%s) - start)) s; size $((size / 1000000)) MB"
# What the image promises: non-root, secd as entrypoint, the store's volume, both ports.
[ "$(podman image inspect -f '{{.Config.User}}' "$CT_IMAGE")" = "10001:10001" ] || fail "image user is not 10001"
podman image inspect -f '{{json .Config.Entrypoint}}' "$CT_IMAGE" | grep -q 'secd"' || fail "entrypoint is not secd"
podman image inspect -f '{{json .Config.Volumes}}' "$CT_IMAGE" | grep -q '/var/lib/secd' || fail "no volume /var/lib/secd"
ports=$(podman image inspect -f '{{json .Config.ExposedPorts}}' "$CT_IMAGE")
for p in 50051 9090; do grep -q "$p/tcp" <<<"$ports" || fail "port $p not exposed: $ports"; done
podman run --rm --entrypoint /usr/local/bin/secctl "$CT_IMAGE" --help >/dev/null || fail "secctl does not run in the image"
echo "ok"
