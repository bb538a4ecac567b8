#!/usr/bin/env bash
# The cleanup removes only what the tests started: a container of the tests' image that someone
# else runs (an operator trying the image, another tool) survives container_cleanup, and the
# cleanup does not fail because of it.
#   foreign.sh STATE_DIR start   (fixture setup, before container_cleanup)
#   foreign.sh STATE_DIR check   (fixture cleanup, after container_cleanup)
# The container runs from $CT_IMAGE without the tests' owner label and with a name outside their
# prefix, as anybody's would. check finds it still running, removes it, and runs cleanup.sh again,
# which must then remove the image.
source "$(dirname "$0")/lib.sh"
ct_init "$1"
what=${2:?start|check}
name="secd-foreign-$CT_ID"
started="$CT_STATE/foreign.started"
case $what in
start)
  rm -f "$started"
  ct_require_image
  podman rm -f -v "$name" >/dev/null 2>&1 || true
  podman run -d --name "$name" -e SECD_METRICS_LISTEN= "$CT_IMAGE" >/dev/null || fail "podman run failed"
  [ "$(podman inspect -f '{{.State.Running}}' "$name")" = "true" ] || { show_logs "$name"; fail "$name not running"; }
  touch "$started"
  echo "started $name from $CT_IMAGE, without the tests' label $CT_LABEL"
  ;;
check)
  running=$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null || echo gone)
  podman rm -f -v "$name" >/dev/null 2>&1 || true
  if [ ! -f "$started" ]; then
    # container_foreign_start failed or did not run (no image), and ctest reports that; here
    # there is nothing to check, only the container to remove in case it was half made.
    echo "$name was never started (see container_foreign_start): nothing to check"
    exit 0
  fi
  rm -f "$started"
  [ "$running" = "true" ] || fail "$name is $running after container_cleanup: the cleanup removed a container the tests did not start"
  "$(dirname "$0")/cleanup.sh" "$CT_STATE" || fail "cleanup.sh failed once $name was gone"
  ! podman image exists "$CT_IMAGE" || fail "$CT_IMAGE left behind once nothing used it"
  echo "ok: $name survived the cleanup; the image went once it was gone"
  ;;
*) fail "unknown step $what" ;;
esac
