#!/usr/bin/env bash
# A small sandbox for working on one benchmark by hand: starts target/release/anytype-sandbox,
# mints a key, fills an objects space with 10 objects, writes and uploads a file of --file-mb MiB,
# writes the settings to DIR/env (source it) and keeps the sandbox running until killed.
#
#   bench/dev-sandbox.sh DIR [--file-mb 20] &
#   sleep 3; source DIR/env   # ANYTYPE_BENCH_URL, ANYTYPE_BENCH_KEY, BENCH_SPACE_ID, BENCH_OBJECTS_SPACE_ID,
#                             # BENCH_FILE_PATH, BENCH_FILE_MB, BENCH_OBJECT_ID
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:?usage: bench/dev-sandbox.sh DIR [--file-mb N]}
file_mb=20
[ "${2:-}" = --file-mb ] && file_mb=${3:?--file-mb needs a number}
PY=${ANYTYPE_VENV:-$ROOT/.venv}/bin/python
mkdir -p "$dir"
rm -f "$dir/env"
"$ROOT/target/release/anytype-sandbox" --port 0 --auth-code 1234 --no-rate-limit --demo-spaces 2 --spaces 1 \
  >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$dir/sandbox.out" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the sandbox did not start" >&2; exit 1; }
read -r key space objects < <("$PY" "$ROOT/bench/harness.py" prepare --url "$url" --total 4 --objects 10)
read -r file object < <("$PY" "$ROOT/bench/harness.py" prepare-files --url "$url" --key "$key" --space-id "$space" \
  --file-mb "$file_mb" --dir "$dir")
cat >"$dir/env.tmp" <<ENV
export ANYTYPE_BENCH_URL=$url ANYTYPE_BENCH_KEY=$key BENCH_SPACE_ID=$space BENCH_OBJECTS_SPACE_ID=$objects
export BENCH_FILE_PATH=$file BENCH_FILE_MB=$file_mb BENCH_OBJECT_ID=$object
ENV
mv "$dir/env.tmp" "$dir/env"
echo "sandbox $url (pid $pid); settings in $dir/env" >&2
wait $pid
