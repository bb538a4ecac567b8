#!/usr/bin/env bash
# ctest fixture cleanup: removes what the container tests made, and nothing else.
#   - containers and volumes with the tests' owner label ($CT_LABEL), which only the test scripts
#     set (`podman run --label`): not the image's label, which every container of the image
#     inherits, whoever started it;
#   - the image by its name ($CT_IMAGE), unless a container the tests did not start still uses
#     it: that container and the image are left alone, and said so;
#   - the build's dangling intermediate layers (labelled $CT_IMAGE_LABEL), never a tagged image:
#     a build from the same Dockerfile elsewhere reuses them and carries the label too.
# It fails only when something the tests made could not be removed.
source "$(dirname "$0")/lib.sh"
ct_init "$1"
status=0
for c in $(podman ps -a -q --filter "label=$CT_LABEL"); do podman rm -f -v "$c" >/dev/null || status=1; done
for v in $(podman volume ls -q --filter "label=$CT_LABEL"); do podman volume rm -f "$v" >/dev/null || status=1; done
kept=""
if podman image exists "$CT_IMAGE"; then
  users=$(podman ps -a --filter "ancestor=$CT_IMAGE" --format '{{.Names}}' | tr '\n' ' ')
  if [ -n "$users" ]; then
    kept="; kept $CT_IMAGE: used by containers the tests did not start: $users"
  else
    podman rmi "$CT_IMAGE" >/dev/null || status=1
  fi
fi
podman image prune -f --filter "label=$CT_IMAGE_LABEL" >/dev/null || status=1
# Test scripts drop host-side files (tokens, MariaDB database names) under the state directory.
rm -rf "$CT_STATE"/run-*
left=$(podman ps -a -q --filter "label=$CT_LABEL"; podman volume ls -q --filter "label=$CT_LABEL")
[ -z "$left" ] || fail "left behind: $left"
[ -n "$kept" ] || ! podman image exists "$CT_IMAGE" || fail "image $CT_IMAGE left behind"
[ $status -eq 0 ] || fail "cleanup could not remove everything"
if [ -n "$kept" ]; then
  echo "removed the test containers and volumes ($CT_LABEL)$kept"
else
  echo "removed the test containers and volumes ($CT_LABEL) and the image $CT_IMAGE"
fi
