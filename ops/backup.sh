# The backup and restore commands of ./actors, sourced by it (they use its helpers and settings).
#
# A backup is a pg_dump archive (compressed) encrypted with OpenPGP to the operator's public key,
# never to the master key: whoever holds the backup files and the platform's secrets still
# cannot read them. The data, the key store and the erasure ledger are three databases, and each
# is its own file, so that the data and the keys that open it never share a file or a schedule.
# A restore goes into a fresh database and then replays the erasure ledger over it, so a user
# forgotten after the backup was taken stays forgotten.

BACKUP_DIR="${ACTORS_BACKUP_DIR:-$STATE/backups}"
BACKUP_RECIPIENT="${ACTORS_BACKUP_RECIPIENT:-$STATE/backup-recipient.asc}"
BACKUP_RETENTION_DAYS="${ACTORS_BACKUP_RETENTION_DAYS:-7}"

backup_usage() {
  log "usage: ./actors backup [--keys] [--prune]   (data; --keys: the key store and the erasure ledger; --prune: only delete old backups)"
  exit 2
}

# Seconds since the epoch, or the instant ACTORS_BACKUP_NOW names (tests drive the clock).
backup_now() { date -u -d "${ACTORS_BACKUP_NOW:-now}" +%s; }

require_recipient() {
  if [ ! -s "$BACKUP_RECIPIENT" ]; then
    die "no backup recipient: backups are encrypted to an operator's OpenPGP public key, given in $BACKUP_RECIPIENT (or ACTORS_BACKUP_RECIPIENT=FILE).
  Make one on the operator's own machine and copy only its public part here:
    gpg --quick-generate-key 'Actors backups' default default never
    gpg --export --armor 'Actors backups' > backup-recipient.asc"
  fi
  local home; home="$(mktemp -d)"
  if ! GNUPGHOME="$home" gpg --batch --quiet --show-keys --with-colons "$BACKUP_RECIPIENT" 2>/dev/null \
      | awk -F: '($1 == "pub" || $1 == "sub") && $12 ~ /[eE]/ { found = 1 } END { exit !found }'; then
    rm -rf "$home"
    die "$BACKUP_RECIPIENT is not an OpenPGP public key that can encrypt"
  fi
  rm -rf "$home"
}

# Dumps one database into DIR/NAME-KIND-STAMP.pgdump.gpg, printing each table as it goes.
backup_one() { # database, kind, stamp
  local target="$BACKUP_DIR/$DATABASE-$2-$3.pgdump.gpg" home
  home="$(mktemp -d)"
  log "backup: $2 (database $1) to $target"
  # Written under a temporary name: a backup cut short never looks like a complete one.
  if ! "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -Fc -Z 6 -v 2> >(
        sed -un -e 's/^pg_dump: dumping contents of table "\(.*\)"$/[actors] backup:   \1/p' -e '/error/p' >&2) \
      | GNUPGHOME="$home" gpg --batch --quiet --no-tty --trust-model always --compress-algo none \
          --recipient-file "$BACKUP_RECIPIENT" --encrypt --output "$target.partial"; then
    rm -rf "$home" "$target.partial"
    die "the backup of $1 failed; nothing was written"
  fi
  rm -rf "$home"
  chmod 600 "$target.partial"
  mv "$target.partial" "$target"
  log "backup: wrote $target ($(du -h "$target" | cut -f1))"
}

# Deletes this platform's backups older than the retention, by the time in their names.
backup_prune() {
  local now cutoff file stamp taken kept=0 deleted=0
  now="$(backup_now)"
  cutoff=$((now - BACKUP_RETENTION_DAYS * 86400))
  shopt -s nullglob
  for file in "$BACKUP_DIR/$DATABASE"-{data,keys,ledger}-*.pgdump.gpg; do
    stamp="${file##*-}"; stamp="${stamp%.pgdump.gpg}"
    [[ "$stamp" =~ ^([0-9]{8})T([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]] || continue
    taken="$(date -u -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}:${BASH_REMATCH[3]}:${BASH_REMATCH[4]}" +%s)"
    if [ "$taken" -lt "$cutoff" ]; then
      rm -f "$file"
      log "backup: deleted $(basename "$file") (older than $BACKUP_RETENTION_DAYS days)"
      deleted=$((deleted + 1))
    else
      log "backup: kept $(basename "$file")"
      kept=$((kept + 1))
    fi
  done
  shopt -u nullglob
  log "backup: $kept kept, $deleted deleted (retention $BACKUP_RETENTION_DAYS days)"
}

cmd_backup() {
  local keys=0 prune_only=0
  for arg in "$@"; do
    case "$arg" in
      --keys) keys=1 ;;
      --prune) prune_only=1 ;;
      *) backup_usage ;;
    esac
  done
  [[ "$BACKUP_RETENTION_DAYS" =~ ^[1-7]$ ]] \
    || die "ACTORS_BACKUP_RETENTION_DAYS must be 1 to 7: backups are kept at most one week"
  mkdir -p "$BACKUP_DIR"
  chmod 700 "$BACKUP_DIR"
  if [ "$prune_only" = 0 ]; then
    require_recipient
    start_postgres
    local stamp; stamp="$(date -u -d "@$(backup_now)" +%Y%m%dT%H%M%SZ)"
    if [ "$keys" = 1 ]; then
      backup_one "$KEY_STORE_DATABASE" keys "$stamp"
      backup_one "$LEDGER_DATABASE" ledger "$stamp"
    else
      backup_one "$DATABASE" data "$stamp"
    fi
  fi
  backup_prune
}

restore_usage() {
  log "usage: ./actors restore FILE [--into DATABASE]   (FILE: a backup written by ./actors backup)"
  exit 2
}

# Decrypts FILE into OUT with the operator's secret key (gpg's keyring, GNUPGHOME), or says why not.
restore_decrypt() { # file, out
  local errors; errors="$(mktemp)"
  if ! gpg --batch --quiet --no-tty --decrypt --output "$2" "$1" 2>"$errors"; then
    local why
    if grep -q "no valid OpenPGP data\|unknown packet\|no signed data\|not a detached\|invalid packet" "$errors" && ! grep -q "encrypted with" "$errors"; then
      why="it is not an Actors backup (no OpenPGP-encrypted data)"
    elif grep -q "No secret key" "$errors"; then
      why="it is encrypted to a key this machine's keyring does not hold (import the operator's secret key, or set GNUPGHOME)"
    else
      why="it is damaged or truncated (its encrypted data breaks off or does not check)"
    fi
    rm -f "$errors" "$2"
    die "cannot restore $1: $why; nothing was changed"
  fi
  rm -f "$errors"
}

# Which of the platform's databases an archive holds: data, keys or ledger.
archive_kind() { # archive
  local listing
  listing="$("$PG_BIN/pg_restore" -l "$1" 2>/dev/null)" || return 1
  if grep -q "TABLE public actors_grain_state " <<<"$listing"; then echo data
  elif grep -q "TABLE public actors_user_data_keys " <<<"$listing"; then echo keys
  elif grep -q "TABLE public actors_erasure_ledger " <<<"$listing"; then echo ledger
  else return 1
  fi
}

database_exists() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

cmd_restore() {
  local file="${1:-}" into=""
  [ -n "$file" ] || restore_usage
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --into) [ $# -ge 2 ] || restore_usage; into="$2"; shift 2 ;;
      *) restore_usage ;;
    esac
  done
  [ -f "$file" ] || die "cannot restore $file: no such file"
  [ -z "$into" ] || [[ "$into" =~ ^[a-z][a-z0-9_]{0,50}$ ]] || die "--into must be a lower-case database name"
  start_postgres
  # The decrypted archive stays under .actors (0700) and goes when the command ends, however it ends.
  mkdir -p "$STATE"
  RESTORE_WORK="$(mktemp -d "$STATE/restore.XXXXXX")"
  local work="$RESTORE_WORK"
  trap 'rm -rf "$RESTORE_WORK"' EXIT
  restore_decrypt "$file" "$work/archive"
  local kind
  kind="$(archive_kind "$work/archive")" || die "cannot restore $file: it decrypts, but is not a backup of an Actors database; nothing was changed"
  local stamp; stamp="$(date -u +%Y%m%d%H%M%S)"
  if [ "$kind" = ledger ]; then
    restore_ledger "$work" "$stamp"
    return
  fi
  local default="${DATABASE}_restored_$stamp"
  [ "$kind" = keys ] && default="${DATABASE}_keys_restored_$stamp"
  into="${into:-$default}"
  database_exists "$into" && die "cannot restore into $into: it exists; a restore goes into a fresh database (choose one with --into)"
  log "restore: $kind backup into the new database $into"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE \"$into\"" >/dev/null
  # Each table's name as its rows go in, as the backup shows them: a large restore shows where it is.
  if ! "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$into" --no-owner --exit-on-error -v "$work/archive" 2> >(
        sed -un -e 's/^pg_restore: processing data for table "\(.*\)"$/[actors] restore:   \1/p' -e '/error/p' >&2); then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$into\"" >/dev/null
    die "the restore into $into failed; the new database was dropped and nothing else changed"
  fi
  # Before anything serves it: every key the ledger records destroyed is destroyed again, and
  # every row sealed under one is made erased.
  local data="$DATABASE" key_store="$KEY_STORE_DATABASE"
  if [ "$kind" = data ]; then data="$into"; else key_store="$into"; fi
  platform_settings
  trap 'stop_platform; rm -rf "$RESTORE_WORK"' INT TERM EXIT
  log "restore: replaying the erasure ledger ($LEDGER_DATABASE)"
  Actors__Postgres="$ADMIN_CONNECTION;Database=$data" Actors__KeyStore="$ADMIN_CONNECTION;Database=$key_store" \
    Actors__ErasureLedger="$ADMIN_CONNECTION;Database=$LEDGER_DATABASE" dotnet "$PLATFORM_DLL" sweep-erasures \
    || die "the erasure ledger could not be replayed over $into: do not serve it; run ./actors restore again"
  cat >&2 <<EOF

  Restored $kind into the database "$into". To serve it:
    ACTORS_DATABASE=$data ACTORS_KEY_STORE_DATABASE=$key_store ACTORS_LEDGER_DATABASE=$LEDGER_DATABASE ./actors start
  (or rename it to "$([ "$kind" = data ] && echo "$DATABASE" || echo "$KEY_STORE_DATABASE")" once the platform is stopped).

EOF
}

# The ledger is never replaced by a backup, only added to: a lost ledger is rebuilt from its
# backups, and the erasures recorded since are kept.
restore_ledger() { # work dir, stamp
  local scratch="${DATABASE}_ledger_scratch_$2"
  log "restore: adding the erasures of the backup to the ledger $LEDGER_DATABASE"
  create_database "$LEDGER_DATABASE"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE \"$scratch\"" >/dev/null
  "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$scratch" --no-owner --exit-on-error "$1/archive"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$scratch" -qAtc "COPY actors_erasure_ledger TO STDOUT" > "$1/ledger.tsv"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE \"$scratch\"" >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$LEDGER_DATABASE" -q -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE IF NOT EXISTS actors_erasure_ledger (key_id uuid PRIMARY KEY, tenant_id varchar(63) NOT NULL, user_reference varchar(64) NOT NULL, kind varchar(16) NOT NULL, erased_at timestamptz NOT NULL)" \
    -c "CREATE TEMP TABLE restored (LIKE actors_erasure_ledger)" \
    -c "\\copy restored FROM '$1/ledger.tsv'" \
    -c "INSERT INTO actors_erasure_ledger SELECT * FROM restored ON CONFLICT (key_id) DO NOTHING" >/dev/null
  log "restore: the ledger holds $("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$LEDGER_DATABASE" -tAc "SELECT count(*) FROM actors_erasure_ledger") erasures; run ./actors restore on a data or key store backup to replay them"
}
