#!/usr/bin/env bash
# The image against MariaDB (the tests' server, tests/support/mariadb-fixture.sh): host network,
# `secd migrate` first (the chart's hook Job), then the server with the database named by
# --database, the password from SECD_DATABASE_PASSWORD, a tokens file mounted read-only; a
# read-only root filesystem, as the chart runs it. The host's secctl imports the reference
# register and lists it.
#   mariadb.sh STATE_DIR SECCTL DATA_DIR MARIADB_DIR
source "$(dirname "$0")/lib.sh"
ct_init "$1"
secctl=${2:?secctl}
data=${3:?data dir}
mdir=${4:?mariadb fixture dir}
ct_require_image
[ -s "$mdir/port" ] || fail "no MariaDB fixture in $mdir (the mariadb_start test starts it)"
mport=$(cat "$mdir/port")
db="secd_ctest_$CT_ID"
name="secd-ctest-$CT_ID-mariadb"
work=""
sql() { mariadb --no-defaults -h127.0.0.1 -P "$mport" -usecd -psecd-test -e "$1"; }
cleanup() {
  podman rm -f -v "$name" >/dev/null 2>&1 || true
  sql "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
cleanup
work=$(mktemp -d "$CT_STATE/run-mariadb.XXXXXX")

sql "CREATE DATABASE $db" || fail "cannot create database $db on 127.0.0.1:$mport"

# A tokens file with one SECAS principal: only the token's SHA-256 goes into the container.
token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" >"$work/admin.token"
printf '%s admin SECAS,PANEL\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >"$work/tokens"
chmod 0644 "$work/tokens"

step "secd migrate, as the chart's pre-install/pre-upgrade Job runs it"
out=$(podman run --rm --read-only --label "$CT_LABEL" --network=host -e SECD_DATABASE_PASSWORD=secd-test \
  -e SECD_METRICS_LISTEN= -e SECD_DATABASE="mysql://secd@127.0.0.1:$mport/$db" "$CT_IMAGE" migrate 2>&1) ||
  fail "secd migrate failed: $out"
grep 'migrations applied' <<<"$out" | grep -q 'backend=mysql' || fail "secd migrate did not migrate MySQL: $out"
grep 'migrations applied' <<<"$out" | grep -q -v 'applied=0' || fail "secd migrate applied nothing on an empty database: $out"

port=$(free_port)
step "container on host network: 127.0.0.1:$port -> mysql://secd@127.0.0.1:$mport/$db"
podman run -d --read-only --name "$name" --label "$CT_LABEL" --network=host \
  -e SECD_DATABASE_PASSWORD=secd-test -e SECD_METRICS_LISTEN= \
  -v "$work/tokens:/etc/secd/tokens:ro" "$CT_IMAGE" \
  --listen "127.0.0.1:$port" --database "mysql://secd@127.0.0.1:$mport/$db" \
  --tokens_file /etc/secd/tokens >/dev/null || fail "podman run failed"
ctl=("$secctl" --server "127.0.0.1:$port" --token-file "$work/admin.token")
wait_for_secctl "$name" 30 "${ctl[@]}" parties list

step "import data/reference/10-register.json"
"${ctl[@]}" import "$data/10-register.json" || { show_logs "$name"; fail "secctl import failed"; }
csv=$("${ctl[@]}" --output csv modifications list --open) || { show_logs "$name"; fail "secctl list failed"; }
check_open_list "$csv"
# The rows are in MariaDB, not in the container.
n=$(mariadb --no-defaults -h127.0.0.1 -P "$mport" -usecd -psecd-test -N -e \
  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='$db'")
[ "$n" -gt 0 ] || fail "no tables in $db: secd did not use MariaDB"
logs=$(podman logs "$name" 2>&1)
grep 'migrations applied' <<<"$logs" | grep -q 'applied=0' ||
  fail "the server applied migrations again after secd migrate: $(grep migrations <<<"$logs")"
! grep -q 'secd-test' <<<"$logs" || fail "the database password appears in the logs"
! grep -q "$token" <<<"$logs" || fail "the admin token appears in the logs"

step "stop"
podman stop -t 20 "$name" >/dev/null
[ "$(podman inspect -f '{{.State.ExitCode}}' "$name")" = "0" ] || { show_logs "$name"; fail "container did not exit 0"; }
echo "ok: the image serves from MariaDB"
