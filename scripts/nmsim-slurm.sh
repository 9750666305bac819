#!/usr/bin/env bash
# A sharded nmsim study as a Slurm array job, merged by a job that depends on it.
#
#   scripts/nmsim-slurm.sh [--only TASKS] SHARDS RESULTS COMMAND [arguments...]
#
# COMMAND is an nmsim command that takes --shard (sweep). The script submits an array job of
# SHARDS tasks (--array=0-<SHARDS-1>); task i runs
#   nmsim COMMAND [arguments...] --shard auto/SHARDS --workers <CPUs of the task> --out RESULTS
# (nmsim takes i from SLURM_ARRAY_TASK_ID) and writes RESULTS/<name>-shard-<i>-of-<SHARDS>.json.
# It then submits `nmsim merge RESULTS/*-shard-*-of-<SHARDS>.json --out RESULTS` with
# --dependency=afterok on the array job: the merge runs only when every task succeeded, and with
# --kill-on-invalid-dep=yes it is cancelled (not left pending) when one fails. The merge writes
# what the command writes unsharded (for a sweep RESULTS/<name>-sweep.{json,csv,html}), the JSON
# byte-identical.
#
# When a task failed, `--only 1` (any sbatch --array list: 1,4 or 2-3) submits just those tasks
# and a new merge: the partial files of the tasks that succeeded are already in RESULTS.
#
# RESULTS must be a folder every node sees (a shared file system), one folder per study. The
# jobs run in the current directory (scenario files may be relative to it). Slurm copies this
# file when it is submitted, so the job finds node and nmsim through the arguments it is given
# here: NODE (default: node on PATH) and NMSIM_MAIN (default: dist/src/cli/main.js of the
# checkout this script is in; run `npm ci && npm run build` there first). Other sbatch options
# can be set in the environment (SBATCH_PARTITION, SBATCH_TIMELIMIT, SBATCH_ACCOUNT, ...) or as
# #SBATCH lines below; the number of worker threads per task follows --cpus-per-task.
#SBATCH --cpus-per-task=1
set -euo pipefail

die() {
  echo "nmsim-slurm.sh: $*" >&2
  exit 2
}

# Inside a job: run one shard or the merge with what the submitting call passed.
if [[ ${1:-} == --job ]]; then
  mode=$2 node=$3 main=$4 shards=$5 results=$6
  shift 6
  case $mode in
    shard) exec "$node" "$main" "$@" --shard "auto/$shards" --workers "${SLURM_CPUS_PER_TASK:-1}" --out "$results" ;;
    merge) exec "$node" "$main" merge "$results"/*-shard-*-of-"$shards".json --out "$results" ;;
    *) die "unknown job mode $mode" ;;
  esac
fi

only=
if [[ ${1:-} == --only ]]; then
  [[ $# -ge 2 ]] || die '--only needs a list of tasks, e.g. --only 1'
  only=$2
  shift 2
fi
[[ $# -ge 3 ]] || die 'usage: nmsim-slurm.sh [--only TASKS] SHARDS RESULTS COMMAND [arguments...]'
shards=$1 results=$2
shift 2
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "SHARDS must be a positive whole number, not \"$shards\""
for a in "$@"; do
  case $a in --shard | --shard=* | -w | --workers | --workers=* | -o | --out | --out=*)
    die "$a is set by this script (the shard from the array task, workers from --cpus-per-task, --out RESULTS)" ;;
  esac
done

node=${NODE:-$(command -v node || true)}
[[ -n $node ]] || die 'node is not on PATH; set NODE'
main=${NMSIM_MAIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/dist/src/cli/main.js}
[[ -f $main ]] || die "$main does not exist: run npm ci && npm run build, or set NMSIM_MAIN"
# Refuse at submission, not in every task, a command that cannot be sharded (its --help lists no --shard).
help=$("$node" "$main" "$1" --help 2>/dev/null || true)
[[ $help =~ (^|$'\n')[[:space:]]+--shard[[:space:]] ]] || die "nmsim $1 does not take --shard"
mkdir -p "$results"
results=$(cd "$results" && pwd)
self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
tasks=${only:-0-$((shards - 1))}

array=$(sbatch --parsable --job-name=nmsim-shard --chdir="$PWD" --array="$tasks" \
  --output="$results/slurm-%A_%a.out" "$self" --job shard "$node" "$main" "$shards" "$results" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --job-name=nmsim-merge --chdir="$PWD" --dependency="afterok:$array" \
  --kill-on-invalid-dep=yes --output="$results/slurm-merge-%j.out" \
  "$self" --job merge "$node" "$main" "$shards" "$results")
merge=${merge%%;*}
echo "array job $array (tasks $tasks of $shards) and merge job $merge (after every task succeeds); results in $results"
