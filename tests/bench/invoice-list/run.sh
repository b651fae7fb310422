#!/usr/bin/env bash
# The invoice list's two statement shapes on one SQLite file of a million invoices: the old one, whose filters
# are written as (@x IS NULL OR column = @x) and so can use no index, and the one the store now builds, which
# names only the filters given. Prints each query's time from sqlite3's timer.
#
#   bash tests/bench/invoice-list/run.sh [invoices]      (default 1000000; needs the sqlite3 CLI: apt-get install sqlite3)
set -euo pipefail
count=${1:-1000000}
root=$(cd "$(dirname "$0")/../../.." && pwd)
command -v sqlite3 >/dev/null || { echo "the sqlite3 command-line shell is missing: apt-get install sqlite3" >&2; exit 1; }
work=$(mktemp -d -t alataupay-list-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
db="$work/store.db"

for script in "$root"/src/AlatauPay.Persistence/Migrations/Sqlite/*.sql; do
  sqlite3 "$db" < "$script"
done

# Ten departments; statuses as a city's history would hold them: mostly expired and settled, few cancelled,
# one in ten thousand invalid.
sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL;
INSERT INTO departments (code, name, speed_policy, created_at)
  SELECT 'dept' || value, 'Department ' || value, 'medium', '2026-01-01T00:00:00.000Z' FROM generate_series(0, 9);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
INSERT INTO invoices (id, department_code, service_code, payer_account, amount_currency, amount_minor, metadata_json,
                      status, flags, created_at, expires_at, version)
SELECT printf('inv_%026d', i), 'dept' || (i % 10), 'bill', 'acct-' || i, 'KZT', '150000', '{}',
       CASE WHEN i % 10000 = 7 THEN 'invalid' WHEN i % 100 = 3 THEN 'cancelled' WHEN i % 3 = 0 THEN 'settled' ELSE 'expired' END,
       0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:15:00.000Z', 1
FROM n;
ANALYZE;
SQL

select="SELECT id, department_code, service_code, payer_account, payer_name, amount_currency, amount_minor, description,
               metadata_json, status, flags, created_at, expires_at, version, speed_policy FROM invoices"
old="(:department IS NULL OR department_code = :department) AND (:status IS NULL OR status = :status)"

run() { # label, department or NULL, status or NULL, where clause
  local label=$1 department=$2 status=$3 where=$4
  printf '%s\n' "== $label"
  sqlite3 "$db" <<SQL | grep -E '^Run Time' | tail -1
.parameter init
.parameter set :department $department
.parameter set :status $status
.timer on
SELECT count(*) FROM ($select WHERE $where ORDER BY seq DESC LIMIT 50);
SQL
}

echo "$count invoices; 50 newest of each filter; the last of three runs"
for shape in old new; do
  for case in "rare status|NULL|'invalid'" "common status|NULL|'settled'" "one department|'dept3'|NULL" "department and rare status|'dept7'|'invalid'"; do
    IFS='|' read -r label department status <<<"$case"
    if [[ $shape == old ]]; then
      where=$old
    else
      where="1"
      [[ $department != NULL ]] && where="$where AND department_code = :department"
      [[ $status != NULL ]] && where="$where AND status = :status"
    fi
    for attempt in 1 2; do run "$shape, $label" "$department" "$status" "$where" >/dev/null; done
    run "$shape, $label" "$department" "$status" "$where"
  done
done
