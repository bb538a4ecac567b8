# Shared by the container test scripts (sourced). Every container and volume a test makes carries
# the label $CT_LABEL (secd-ctest-owner=$CT_ID) and a name starting secd-ctest-$CT_ID, so
# cleanup.sh finds them all and nothing else; CT_ID is derived from the ctest build directory, so
# two build trees on one machine never touch each other's containers.
# The image carries a label of another key ($CT_IMAGE_LABEL, secd-ctest-image=$CT_ID): every
# container run from an image inherits the image's labels, so an owner label on the image would
# mark anybody's container of that image as the tests' own. Nor does a label pick images: a build
# from the same Dockerfile reuses the labelled cached layers and gets the label too. cleanup.sh
# removes the image by its name, $CT_IMAGE, and only while no container uses it.
set -euo pipefail

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "--- $*"; }

# $1: the state directory (in the ctest build tree).
ct_init() {
  CT_STATE=${1:?state directory}
  mkdir -p "$CT_STATE"
  CT_ID=$(printf '%s' "$(cd "$CT_STATE" && pwd)" | sha256sum | cut -c1-10)
  CT_IMAGE="localhost/secd-ctest:$CT_ID"
  CT_LABEL="secd-ctest-owner=$CT_ID"
  CT_IMAGE_LABEL="secd-ctest-image=$CT_ID"
  export CONTAINERS_CONF="${SECD_CONTAINERS_CONF:-/etc/secd/containers.conf}"
  PATH=$PATH:/usr/sbin:/sbin
  command -v podman >/dev/null || fail "podman not found: run scripts/container-base (scripts/install-deps does)"
  [ -f "$CONTAINERS_CONF" ] || fail "$CONTAINERS_CONF missing: run scripts/container-base"
  if [ "$(id -u)" -ne 0 ]; then
    podman() { sudo env CONTAINERS_CONF="$CONTAINERS_CONF" podman "$@"; }
  fi
}

ct_require_image() {
  podman image exists "$CT_IMAGE" || fail "image $CT_IMAGE missing: the container_image test builds it"
}

# A TCP port nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Prints a container's logs to stderr (for failure messages).
show_logs() {
  echo "=== podman logs $1" >&2
  podman logs "$1" >&2 2>&1 || true
}

# wait_for_secctl CONTAINER SECONDS SECCTL ARGS...: retries a secctl call until it succeeds.
wait_for_secctl() {
  local c=$1 secs=$2 out
  shift 2
  for _ in $(seq 1 $((secs * 4))); do
    if out=$("$@" 2>&1); then return 0; fi
    [ "$(podman inspect -f '{{.State.Running}}' "$c" 2>/dev/null)" = "true" ] || {
      show_logs "$c"
      fail "container $c exited before serving"
    }
    sleep 0.25
  done
  show_logs "$c"
  fail "secd in $c not serving after ${secs}s; last secctl said: $out"
}

# open_list_csv SECCTL ARGS...: the open proposals as CSV; checks the shape the reference data gives
# (a header, Table one's 25 proposals and SECMP0034).
check_open_list() {
  local csv=$1 lines
  lines=$(printf '%s\n' "$csv" | grep -c .)
  [ "$lines" -eq 27 ] || fail "expected 27 CSV lines (header + 26 open proposals), got $lines:
$csv"
  printf '%s\n' "$csv" | head -n1 | grep -q '^REFERENCE,' || fail "no CSV header: $csv"
  printf '%s\n' "$csv" | grep -q '^SECMP0034,' || fail "SECMP0034 missing: $csv"
  ! printf '%s\n' "$csv" | grep -q '^SECMP0016,' || fail "SECMP0016 is approved, must not be listed open"
}
