#!/usr/bin/env bash
# `apidelta history` over every version of an API in the corpus, against `apidelta changelog`
# run on each successive pair separately. Medians of N runs (default 5), interleaved.
#
#   benches/history.sh [-n RUNS] [API...]      default APIs: docker-engine kubernetes
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
if [[ "${1:-}" == "-n" ]]; then runs=$2; shift 2; fi
apis=("$@")
[[ $# -eq 0 ]] && apis=(docker-engine kubernetes)
corpus=${APIDELTA_BENCH_CORPUS:-../shared/corpus/real}
if [[ ! -d "$corpus" ]]; then echo "no corpus at $corpus: nothing measured"; exit 0; fi
cargo build --release --quiet --bin apidelta
bin=${CARGO_TARGET_DIR:-target}/release/apidelta

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-14s %8s %6s %12s %12s %14s %14s %8s\n' api versions steps history_s s/step per_pair_s s/step speedup
for api in "${apis[@]}"; do
  mapfile -t files < <(ls "$corpus/$api"/*.yaml "$corpus/$api"/*.json 2>/dev/null | sort -V)
  n=${#files[@]}
  (( n >= 2 )) || { echo "$api: fewer than two versions"; continue; }
  steps=$((n - 1))
  # One unmeasured warm-up round (page cache).
  "$bin" history "$corpus/$api" --as-of 2026-01-01 > /dev/null
  hist=(); pairs=()
  for _ in $(seq "$runs"); do
    t0=$(now); "$bin" history "$corpus/$api" --as-of 2026-01-01 > /dev/null; t1=$(now)
    for ((i = 1; i < n; i++)); do
      "$bin" changelog "${files[i-1]}" "${files[i]}" --as-of 2026-01-01 > /dev/null
    done
    t2=$(now)
    hist+=($((t1 - t0))); pairs+=($((t2 - t1)))
  done
  h=$(printf '%s\n' "${hist[@]}" | median); p=$(printf '%s\n' "${pairs[@]}" | median)
  awk -v api="$api" -v n="$n" -v s="$steps" -v h="$h" -v p="$p" 'BEGIN {
    printf "%-14s %8d %6d %12.3f %12.3f %14.3f %14.3f %7.2fx\n", api, n, s, h/1e9, h/1e9/s, p/1e9, p/1e9/s, p/h }'
done
