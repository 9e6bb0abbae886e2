#!/usr/bin/env bash
# Run one ringbench profile on every host of an Ansible inventory and compare the machines.
#
#   fleet/run-fleet.sh -i INVENTORY [-p PROFILE] [-r RUN] [-o DIR] [-b BUNDLE] [-- extra ansible-playbook args]
#
#   -i INVENTORY  an Ansible inventory with a group 'ringbench' (see fleet/inventory.example.ini)
#   -p PROFILE    a profile of fleet/profiles.yml: main (the full matrix), quick, tiny (default main)
#   -r RUN        the run's name (default <date>-<profile>); the same name again resumes the run
#   -o DIR        where the host folders land (default results/fleet/RUN in this checkout)
#   -b BUNDLE     the self-contained ringbench the hosts run (./run-bench.sh bundle; made on a box of
#                 the hosts' architecture and distribution); default: one made here from this checkout
#
# The hosts need no .NET SDK and build nothing: each gets the bundle (the CLI with its runtime and
# the natives built here), checked against its architecture and libbpf1, and runs the profile from
# it. Then 'ringbench machines' over whatever came back writes machines.md, machines.csv and
# machines.png into DIR. './run-bench.sh fleet ...' installs ansible-core and builds first, then
# calls this.
# Exit: 0 all hosts finished; 4 some host failed (the others' folders and the comparison are written);
# 2 bad arguments; 3 set-up missing.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'fleet: %s\n' "$*" >&2; }
usage() { say "$*"; say "usage: fleet/run-fleet.sh -i INVENTORY [-p main|quick|tiny] [-r RUN] [-o DIR] [-b BUNDLE] [-- ansible-playbook args]"; exit 2; }

inventory="" profile=main run="" out="" bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    -i) [ $# -ge 2 ] || usage "-i needs a file"; inventory=$2; shift 2 ;;
    -p) [ $# -ge 2 ] || usage "-p needs a name"; profile=$2; shift 2 ;;
    -r) [ $# -ge 2 ] || usage "-r needs a name"; run=$2; shift 2 ;;
    -o) [ $# -ge 2 ] || usage "-o needs a directory"; out=$2; shift 2 ;;
    -b) [ $# -ge 2 ] || usage "-b needs a file"; bundle=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# The bundle the hosts run: the one given, else one made here, reused while the checkout is the same
# clean commit (its bytes are reproducible, so Ansible neither copies nor unpacks it again).
if [ -n "$bundle" ]; then
  [ -f "$bundle" ] || usage "$bundle: no such bundle file"
  bundle=$(realpath "$bundle")
else
  mkdir -p "$out/.fetched"
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  source "$repo/fleet/rid.sh"
  here_rid=$(ringbench_rid) || here_rid=unknown
  bundle="$out/.fetched/ringbench-$commit-$here_rid.tar.gz"
  if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] || [ ! -f "$bundle" ]; then
    say "making the hosts' bundle from this checkout"
    bash "$repo/fleet/make-bundle.sh" -o "$bundle" >/dev/null || { say "could not make the bundle (above)"; exit 3; }
  fi
fi
# Its top directory names it: ringbench-<commit>-<runtime identifier whose natives it carries>.
listing=$(tar -tzf "$bundle" 2>/dev/null || true)
top=$(printf '%s\n' "$listing" | sed -n 1p); top=${top%%/*}
[[ "$top" == ringbench-*-linux-* ]] && printf '%s\n' "$listing" | grep -qx "$top/RINGBENCH-BUNDLE" \
  || usage "$bundle: not a ringbench bundle (make one with ./run-bench.sh bundle)"
rid=linux-${top##*-linux-}
mkdir -p "$out/.fetched"

say "run $run, profile $profile, bundle $top -> $out"
started=$(date +%s)
rc=0
ANSIBLE_STDOUT_CALLBACK=${ANSIBLE_STDOUT_CALLBACK:-default} ANSIBLE_RETRY_FILES_ENABLED=false \
  ansible-playbook -i "$inventory" "$repo/fleet/ringbench.yml" \
    -e "run=$run" -e "profile=$profile" -e "bundle=$bundle" -e "bundle_rid=$rid" -e "fleet_results=$out" "$@" || rc=$?
say "playbook finished in $(( $(date +%s) - started )) s (exit $rc)"

compared=0
if compgen -G "$out/*/results.csv" >/dev/null; then
  dotnet "$cli" machines "$out" --title "$run" || compared=$?
else
  say "no host returned a result folder: nothing to compare"
fi
[ "$rc" -eq 0 ] || { say "some host failed (above); every other host's folder is in $out; the same command resumes"; exit 4; }
exit "$compared"
