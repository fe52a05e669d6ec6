# Sourced by the bench scripts that make databases on the local clusters (scripts/db.sh).
# libpq CS: an Npgsql connection string (Host=…;Port=…;Username=…;Database=…) as libpq conninfo, for psql.
libpq() { sed -E 's/Host=([^;]+);Port=([^;]+);Username=([^;]+);Database=([^;]+).*/host=\1 port=\2 user=\3 dbname=\4/' <<<"$1"; }
# named CS NAME: the same server's database NAME.
named() { sed -E "s/Database=[^;]*/Database=$2/" <<<"$1"; }
# fresh CS NAME: drops and creates database NAME on CS's server; its connection string.
fresh() {
  psql "$(libpq "$(named "$1" postgres)")" -qc "drop database if exists $2 with (force)" -c "create database $2" >/dev/null
  named "$1" "$2"
}
