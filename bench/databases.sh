# Sourced by the bench scripts that use the local clusters (scripts/db.sh).
# libpq CS: an Npgsql connection string (Host=…;Port=…;Username=…;Database=…) as libpq conninfo, for psql.
libpq() { sed -E 's/Host=([^;]+);Port=([^;]+);Username=([^;]+);Database=([^;]+).*/host=\1 port=\2 user=\3 dbname=\4/' <<<"$1"; }
# named CS NAME: the same server's database NAME.
named() { sed -E "s/Database=[^;]*/Database=$2/" <<<"$1"; }
# fresh CS NAME: drops and creates database NAME on CS's server; its connection string.
fresh() {
  psql "$(libpq "$(named "$1" postgres)")" -qc "drop database if exists $2 with (force)" -c "create database $2" >/dev/null
  named "$1" "$2"
}
# ticks PID…: CPU time (user + system, clock ticks of 1/100 s) of these processes so far; one that has
# exited meanwhile (a PostgreSQL backend) counts nothing.
ticks() { for p in "$@"; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'; }
