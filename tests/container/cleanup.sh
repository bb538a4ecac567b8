#!/usr/bin/env bash
# ctest fixture cleanup: removes every container, volume and image the container tests made
# (all carry the label secd-ctest=<id of this build tree>).
source "$(dirname "$0")/lib.sh"
ct_init "$1"
status=0
for c in $(podman ps -a -q --filter "label=$CT_LABEL"); do podman rm -f -v "$c" >/dev/null || status=1; done
for v in $(podman volume ls -q --filter "label=$CT_LABEL"); do podman volume rm -f "$v" >/dev/null || status=1; done
if podman image exists "$CT_IMAGE"; then podman rmi -f "$CT_IMAGE" >/dev/null || status=1; fi
# The build's intermediate layers (the build stage is ~1 GB) carry the label too.
podman image prune -a -f --filter "label=$CT_LABEL" >/dev/null || status=1
# Test scripts drop host-side files (tokens, MariaDB database names) under the state directory.
rm -rf "$CT_STATE"/run-*
left=$(podman ps -a -q --filter "label=$CT_LABEL"; podman volume ls -q --filter "label=$CT_LABEL"
  podman images -a -q --filter "label=$CT_LABEL")
[ -z "$left" ] || fail "left behind: $left"
[ $status -eq 0 ] || fail "cleanup could not remove everything"
echo "removed the test containers, volumes and images ($CT_LABEL)"
