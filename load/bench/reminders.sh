#!/usr/bin/env bash
# What a million retention timers cost PostgreSQL: the reminder table (our schema) filled with
# N rows shaped like the platform's, then timed: the range read each silo repeats to refresh
# its share of reminders, and the upsert a user activation makes to register its timer.
#
#   load/bench/reminders.sh [ROWS] [SILOS]     (defaults 1000000 and 2)
#
# Needs the private PostgreSQL of ./actors (start it with ./actors start or ./actors test).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${1:-1000000}"; SILOS="${2:-2}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
export PGPASSWORD="$(cat "$ROOT/.actors/secrets/postgres.password")"
export PGSSLMODE=verify-full PGSSLROOTCERT="$ROOT/.actors/tls/ca.crt"
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "${ACTORS_PG_PORT:-55432}" -U postgres -qAt)
DB=actors_reminder_bench
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
for script in 001_orleans_queries_table.sql 004_orleans_reminders.sql; do
  "${PSQL[@]}" -d "$DB" -f "$ROOT/silo/Actors.Silo/Schema/Data/$script" >/dev/null
done
seconds() { local t0; t0=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $t0" | bc; }

fill=$(seconds "${PSQL[@]}" -d "$DB" -c "
  INSERT INTO OrleansRemindersTable
  SELECT 'actors', 'user/t-' || (i % 100) || '/' || encode(sha256(i::text::bytea), 'base64'), 'retention',
         now(), 86400000, (hashint4(i)), 0
  FROM generate_series(1, $ROWS) AS i;" -c "VACUUM ANALYZE OrleansRemindersTable;")
size=$("${PSQL[@]}" -d "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('orleansreminderstable'))")
# One silo's share of the ring: (begin, end] covering 1/SILOS of the hash space.
span=$(( 4294967296 / SILOS )); begin=-2147483648; end=$(( begin + span ))
read_range=$(seconds "${PSQL[@]}" -d "$DB" -c "
  COPY (SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
        WHERE ServiceId = 'actors' AND GrainHash > $begin AND GrainHash <= $end) TO '/dev/null'")
share=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM OrleansRemindersTable WHERE GrainHash > $begin AND GrainHash <= $end")

cat > /tmp/actors-reminder-upsert.sql <<'SQL'
\set i random(1, 100000000)
INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES ('actors', 'user/t-bench/' || :i, 'retention', now(), 86400000, hashint4(:i), 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
  SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash, Version = r.Version + 1
RETURNING r.Version;
SQL
tps=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "${ACTORS_PG_PORT:-55432}" -U postgres -n -c 16 -j 2 -T 10 -f /tmp/actors-reminder-upsert.sql "$DB" 2>/dev/null | awk '/^tps/ {print $3}')
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB"

printf 'reminder rows                 %s (%s with indexes)\n' "$ROWS" "$size"
printf 'bulk fill                     %.1f s\n' "$fill"
printf 'range read of 1/%s of ring    %s rows in %.2f s (each silo, at start and on every refresh)\n' "$SILOS" "$share" "$read_range"
printf 'timer registration (upsert)   %.0f per second, 16 clients, fsync on\n' "$tps"

# What the silo holds for them: a platform process on a database whose reminder table holds
# ROWS timers (first tick a day away), against one holding none. One silo owns the whole ring.
memory_with() { # rows -> "heap_bytes rss_kb"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${DB}_keys" -c "CREATE DATABASE ${DB}_keys" 2>/dev/null
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${DB}_ledger" -c "CREATE DATABASE ${DB}_ledger" 2>/dev/null
  for script in "$ROOT"/silo/Actors.Silo/Schema/Data/*.sql; do "${PSQL[@]}" -d "$DB" -f "$script" >/dev/null; done
  "${PSQL[@]}" -d "$DB" -c "
    INSERT INTO OrleansRemindersTable
    SELECT 'actors', 'user/t-' || (i % 100) || '/' || encode(sha256(i::text::bytea), 'base64'), 'retention',
           now() + interval '1 day', 86400000, hashint4(i), 0
    FROM generate_series(1, $1) AS i;"
  local connection="Host=127.0.0.1;Port=${ACTORS_PG_PORT:-55432};Username=postgres;Password=$PGPASSWORD;SSL Mode=VerifyFull;Root Certificate=$ROOT/.actors/tls/ca.crt"
  Actors__Postgres="$connection;Database=$DB" Actors__KeyStore="$connection;Database=${DB}_keys" Actors__ErasureLedger="$connection;Database=${DB}_ledger" \
  Actors__MasterKey="$(openssl rand -base64 32)" Actors__Gateway__OperatorKey="op_reminder_bench_key" \
  Actors__Url=https://127.0.0.1:5180 Actors__JsonUrl= Kestrel__Certificates__Default__Path="$ROOT/.actors/tls/server.crt" Kestrel__Certificates__Default__KeyPath="$ROOT/.actors/tls/server.key" Actors__SiloPort=11180 Actors__OrleansGatewayPort=30080 \
  Logging__LogLevel__Default=Warning DOTNET_gcServer=0 \
    dotnet "$ROOT/silo/Actors.Silo/bin/Release/net10.0/Actors.Silo.dll" >/tmp/actors-reminder-silo.log 2>&1 &
  local pid=$!
  sleep 60   # start-up, then the reminder service's first read of its range
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$rss"
}
if [ "${MEASURE_SILO_MEMORY:-1}" = 1 ]; then
  dotnet build "$ROOT/silo/Actors.Silo/Actors.Silo.csproj" -c Release -v quiet -nologo >/dev/null
  base=$(memory_with 0); loaded=$(memory_with "$ROWS")
  "${PSQL[@]}" -d postgres -c "DROP DATABASE $DB" -c "DROP DATABASE ${DB}_keys"
  printf 'silo memory (RSS, workstation GC) %s MB with no timers, %s MB with %s: %s bytes per timer\n' \
    $((base / 1024)) $((loaded / 1024)) "$ROWS" $(( (loaded - base) * 1024 / ROWS ))
fi
