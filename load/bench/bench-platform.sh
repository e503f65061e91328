# Sourced by load/bench/run and load/bench/cpu-split, from the checkout's root: the platform on
# databases of its own (actors_bench_platform and its key store), dropped first, so that no run
# measures what earlier runs left behind. Needs log() and a PIDS array (killed on exit).
export ACTORS_DATABASE=actors_bench_platform
./actors db-start
export PGPASSWORD; PGPASSWORD="$(cat .actors/secrets/postgres.password)"
# PostgreSQL admits TLS only: psql and pgbench check its certificate against the local CA.
export PGSSLMODE=verify-full PGSSLROOTCERT="$PWD/.actors/tls/ca.crt"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
# The server's Unix socket (pg_hba admits it with a password, without TLS): pgbench's reference in clear.
# Beside the cluster's data, wherever ./actors put it (.actors/ or /var/lib/actors/<checkout hash>/).
PG_SOCKET_DIR="$PWD/.actors/run"
[ -s "$PWD/.actors/postgres/PG_VERSION" ] || PG_SOCKET_DIR="/var/lib/actors/$(printf '%s' "$PWD" | sha256sum | cut -c1-12)/run"
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "${ACTORS_PG_PORT:-55432}" -U postgres -qAt)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $ACTORS_DATABASE" -c "DROP DATABASE IF EXISTS ${ACTORS_DATABASE}_keys" -c "DROP DATABASE IF EXISTS ${ACTORS_DATABASE}_ledger"

# utime + stime of a process, in clock ticks; and of every PostgreSQL process together.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() { local sum=0 pid; for pid in $(pgrep -u postgres); do sum=$(( sum + $(ticks "$pid") )); done; echo "$sum"; }

wait_port() { for _ in $(seq 1 240); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; log "nothing on port $1"; exit 1; }

# Starts the platform (ARGS: NAME=VALUE variables for it alone) and sets PLATFORM_PID and SILO_PID.
start_platform() {
  env "$@" ./actors start >/tmp/actors-bench-platform.log 2>&1 & PLATFORM_PID=$!; PIDS+=("$PLATFORM_PID")
  wait_port 5080
  SILO_PID="$(pgrep -f 'Actors.Silo.dll' | head -n 1)"
}
stop_platform() { kill "$PLATFORM_PID"; wait "$PLATFORM_PID" 2>/dev/null || true; while kill -0 "$SILO_PID" 2>/dev/null; do sleep 0.5; done; }
