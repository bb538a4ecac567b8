#!/usr/bin/env bash
# A throwaway MariaDB server for the tests, started once and shared by every test process.
#   mariadb-fixture.sh ensure DIR   start it unless it is already running; DIR/port names its port
#   mariadb-fixture.sh stop DIR     shut it down and delete DIR
#   mariadb-fixture.sh restart DIR  start a server that was shut down (mariadb-admin shutdown)
#                                   again on its data and port: nothing is wiped (outage tests)
# Tests connect over TCP as user 'secd' (password 'secd-test') and create one database each.
set -euo pipefail
cmd=${1:?ensure|restart|stop}
dir=${2:?directory}
mkdir -p "$dir"
exec 9>"$dir/lock"
flock 9
PATH=$PATH:/usr/sbin:/usr/local/sbin
ping_server() { mariadb-admin --no-defaults --socket="$dir/sock" -uroot ping >/dev/null 2>&1; }

case $cmd in
ensure)
  if [ -f "$dir/port" ] && ping_server; then exit 0; fi
  command -v mariadbd >/dev/null || { echo "mariadbd not found: apt-get install mariadb-server" >&2; exit 1; }
  rm -rf "$dir/data" "$dir/port"
  mkdir -p "$dir/data"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user=root \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    setsid nohup mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" \
      --port="$port" --bind-address=127.0.0.1 --user=root --pid-file="$dir/pid" \
      --skip-log-bin --innodb-buffer-pool-size=128M --max-connections=500 \
      >"$dir/server.log" 2>&1 </dev/null 9>&- &
    for _ in $(seq 1 100); do
      ping_server && break
      sleep 0.1
    done
    if ping_server; then break; fi
  done
  ping_server || { echo "MariaDB did not start; see $dir/server.log" >&2; exit 1; }
  mariadb --no-defaults --socket="$dir/sock" -uroot -e \
    "CREATE USER IF NOT EXISTS 'secd'@'127.0.0.1' IDENTIFIED BY 'secd-test';
     GRANT ALL PRIVILEGES ON *.* TO 'secd'@'127.0.0.1' WITH GRANT OPTION;"
  echo "$port" >"$dir/port"
  ;;
restart)
  if ping_server; then exit 0; fi
  [ -f "$dir/port" ] && [ -d "$dir/data" ] || { echo "no server to restart in $dir: ensure first" >&2; exit 1; }
  port=$(cat "$dir/port")
  setsid nohup mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" \
    --port="$port" --bind-address=127.0.0.1 --user=root --pid-file="$dir/pid" \
    --skip-log-bin --innodb-buffer-pool-size=128M --max-connections=500 \
    >>"$dir/server.log" 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 300); do
    ping_server && exit 0
    sleep 0.1
  done
  echo "MariaDB did not restart on port $port; see $dir/server.log" >&2
  exit 1
  ;;
stop)
  if ping_server; then mariadb-admin --no-defaults --socket="$dir/sock" -uroot shutdown || true; fi
  rm -rf "$dir/data" "$dir/port" "$dir/sock" "$dir/pid"
  ;;
*)
  echo "usage: $0 ensure|restart|stop DIR" >&2
  exit 2
  ;;
esac
