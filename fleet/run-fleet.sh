#!/usr/bin/env bash
# Run one ringbench profile on every host of an Ansible inventory and compare the machines.
#
#   fleet/run-fleet.sh -i INVENTORY [-p PROFILE] [-r RUN] [-o DIR] [-- extra ansible-playbook args]
#
#   -i INVENTORY  an Ansible inventory with a group 'ringbench' (see fleet/inventory.example.ini)
#   -p PROFILE    a profile of fleet/profiles.yml: main (the full matrix), quick, tiny (default main)
#   -r RUN        the run's name (default <date>-<profile>); the same name again resumes the run
#   -o DIR        where the host folders land (default results/fleet/RUN in this checkout)
#
# Packs this checkout (tracked and new files, not results/ or plots/ other than the patch's
# reference), runs fleet/ringbench.yml, then 'ringbench machines' over whatever came back, which
# writes machines.md, machines.csv and machines.png into DIR. './run-bench.sh fleet ...' installs
# ansible-core and builds first, then calls this.
# Exit: 0 all hosts finished; 4 some host failed (the others' folders and the comparison are written);
# 2 bad arguments; 3 set-up missing.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'fleet: %s\n' "$*" >&2; }
usage() { say "$*"; say "usage: fleet/run-fleet.sh -i INVENTORY [-p main|quick|tiny] [-r RUN] [-o DIR] [-- ansible-playbook args]"; exit 2; }

inventory="" profile=main run="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -i) [ $# -ge 2 ] || usage "-i needs a file"; inventory=$2; shift 2 ;;
    -p) [ $# -ge 2 ] || usage "-p needs a name"; profile=$2; shift 2 ;;
    -r) [ $# -ge 2 ] || usage "-r needs a name"; run=$2; shift 2 ;;
    -o) [ $# -ge 2 ] || usage "-o needs a directory"; out=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
[ -n "$inventory" ] || usage "no inventory: pass -i FILE"
[ -f "$inventory" ] || usage "$inventory: no such inventory file"
grep -Eq "^  $profile: " "$repo/fleet/profiles.yml" || usage "unknown profile '$profile' (fleet/profiles.yml has: $(grep -Eo '^  [a-z0-9-]+:' "$repo/fleet/profiles.yml" | tr -d ' :' | tr '\n' ' '))"
run=${run:-$(date +%Y-%m-%d)-$profile}
[[ "$run" =~ ^[A-Za-z0-9._-]+$ ]] || usage "run name '$run': letters, digits, '.', '_' and '-' only"
out=$(realpath -m "${out:-$repo/results/fleet/$run}")
command -v ansible-playbook >/dev/null || { say "ansible-playbook is missing: apt-get install ansible-core (or use ./run-bench.sh fleet)"; exit 3; }
# The playbook runs on the group 'ringbench'; an inventory without it would only fail inside
# Ansible, after the run folder was made. Checked here, before anything is written.
hosts=$(ansible -i "$inventory" ringbench --list-hosts 2>/dev/null | sed -n 's/^ *hosts ([0-9]*):$//; s/^ \{2,\}\(.*\)$/\1/p' || true)
[ -n "$hosts" ] || usage "$inventory: no host in the group 'ringbench' (see fleet/inventory.example.ini)"
cli="$repo/artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll"
[ -f "$cli" ] || { say "ringbench is not built here: run ./run-bench.sh fleet ... (it builds), or ./run-bench.sh list"; exit 3; }

# The checkout as it is now (uncommitted changes included), with the commit it came from, so every
# host's machine.json names it. Reproducible bytes (sorted, no owners, gzip -n): an unchanged
# checkout packs to the same file, which Ansible then neither copies nor unpacks again.
mkdir -p "$out/.fetched"
bundle="$out/.fetched/ringbench-src.tar.gz"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    case "$f" in results/reference/*) ;; results/*|plots/*) continue ;; esac
    [ -e "$repo/$f" ] && printf '%s\0' "$f"
  done > "$stage/files"
printf '%s\n' "$commit" > "$stage/COMMIT"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$repo" --null -T "$stage/files" -cf "$stage/src.tar"
tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -rf "$stage/src.tar" COMMIT
gzip -n -c "$stage/src.tar" > "$stage/src.tar.gz"
cmp -s "$stage/src.tar.gz" "$bundle" || mv "$stage/src.tar.gz" "$bundle"

say "run $run, profile $profile, checkout $commit -> $out"
started=$(date +%s)
rc=0
ANSIBLE_STDOUT_CALLBACK=${ANSIBLE_STDOUT_CALLBACK:-default} ANSIBLE_RETRY_FILES_ENABLED=false \
  ansible-playbook -i "$inventory" "$repo/fleet/ringbench.yml" \
    -e "run=$run" -e "profile=$profile" -e "bundle=$bundle" -e "fleet_results=$out" "$@" || rc=$?
say "playbook finished in $(( $(date +%s) - started )) s (exit $rc)"

compared=0
if compgen -G "$out/*/results.csv" >/dev/null; then
  dotnet "$cli" machines "$out" --title "$run" || compared=$?
else
  say "no host returned a result folder: nothing to compare"
fi
[ "$rc" -eq 0 ] || { say "some host failed (above); every other host's folder is in $out; the same command resumes"; exit 4; }
exit "$compared"
