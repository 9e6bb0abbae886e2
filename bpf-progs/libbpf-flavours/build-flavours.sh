#!/usr/bin/env bash
# Builds libbpf "flavours": the installed libbpf's own source, from the distribution's source
# package, with a diff applied or not, each linked statically into a consumer library of its own
# (flavour_consumer.c) that exports only ringbench_flavour_* (see that file for why).
#
#   build-flavours.sh OUT                       the seed patch's four flavours: before, after,
#                                               et-only (hunk 1), store-only (hunk 2)
#   build-flavours.sh OUT --patch FILE --name N  any unified diff against libbpf (paths a/src/...):
#                                               flavours N-before and N-after
#   build-flavours.sh --check-applies FILE SRC   exit 0 if FILE applies (forward or already in) to SRC
#
# Output in OUT/flavours/: <name>.so and <name>.flavour (key=value: what it is, the source
# version, the diff, the store and trigger its ringbuf.c uses, read from the patched source).
# The default build never fails the harness's build: where the source package cannot be had,
# OUT/flavours/unavailable.txt says why in one line and the flavour variants report it.
#
# The source: 'apt-get source libbpf=<installed version>', with a temporary deb-src list derived
# from the system's own deb entries and passed through apt's options (Dir::Etc::SourceParts,
# Dir::State::Lists), so the user's apt configuration is never edited.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seed_diff="$here/seed-ringbuf-seqcst-epollet.diff"

say() { printf 'libbpf-flavours: %s\n' "$*" >&2; }

# --- diff handling -------------------------------------------------------------------------

# The number of hunks in a unified diff.
hunk_count() { grep -c '^@@ ' "$1" || true; }

# Hunk K of a unified diff, as a diff of its own (with its file's header).
hunk_of() {
  awk -v want="$2" '
    /^--- /  { old = $0; next }
    /^\+\+\+ / { new = $0; next }
    /^@@ /   { n++; inside = (n == want); if (inside) { print old; print new } }
    inside   { print }
  ' "$1"
}

# 0 if the diff applies forward to the tree, 1 if it is already in (applies in reverse), 2 if neither.
diff_state() {
  local diff=$1 tree=$2
  if patch -p1 -d "$tree" --dry-run --force --silent <"$diff" >/dev/null 2>&1; then return 0; fi
  if patch -p1 -d "$tree" --dry-run --force --silent -R <"$diff" >/dev/null 2>&1; then return 1; fi
  return 2
}

# --- the source ----------------------------------------------------------------------------

installed_version() { dpkg-query -W -f '${source:Version}' libbpf1 2>/dev/null || true; }

# Fetches the installed libbpf's source package into $1/<version>/ once; prints the tree's path.
fetch_source() {
  local cache=$1 version tree apt_dir
  version=$(installed_version)
  [ -n "$version" ] || { echo "the system libbpf (libbpf1) is not installed from a Debian package, so its source package cannot be named" >&2; return 1; }
  tree="$cache/$version/libbpf"
  if [ -f "$tree/src/ringbuf.c" ]; then echo "$tree"; return 0; fi
  command -v apt-get >/dev/null || { echo "no apt-get: cannot fetch libbpf's source package" >&2; return 1; }
  command -v dpkg-source >/dev/null || { echo "dpkg-source is missing (apt-get install dpkg-dev): cannot unpack libbpf's source package" >&2; return 1; }
  apt_dir=$(mktemp -d)
  mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial"
  # deb-src twins of the system's own deb entries: deb822 .sources files and one-line lists.
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed -E 's/^Types:.*$/Types: deb-src/' "$f" >"$apt_dir/parts/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -nE 's/^deb[[:space:]]+/deb-src /p' "$f" >"$apt_dir/parts/$(basename "$f").list"
  done
  local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/parts" -o "Dir::State::Lists=$apt_dir/lists"
    -o APT::Sandbox::User=root -qq)
  if ! apt-get "${opts[@]}" update >"$apt_dir/log" 2>&1; then
    echo "apt-get update with a temporary deb-src list failed: $(grep -m1 -E 'E:|Err' "$apt_dir/log" || tail -1 "$apt_dir/log")" >&2
    rm -rf "$apt_dir"; return 1
  fi
  mkdir -p "$cache/$version/download"
  if ! (cd "$cache/$version/download" && apt-get "${opts[@]}" source "libbpf=$version") >"$apt_dir/log" 2>&1; then
    echo "apt-get source libbpf=$version failed: $(grep -m1 -E '^E:' "$apt_dir/log" || tail -1 "$apt_dir/log")" >&2
    rm -rf "$apt_dir"; return 1
  fi
  rm -rf "$apt_dir"
  local unpacked
  unpacked=$(find "$cache/$version/download" -mindepth 1 -maxdepth 1 -type d -name 'libbpf-*' | head -1)
  [ -n "$unpacked" ] && [ -f "$unpacked/src/ringbuf.c" ] || { echo "the libbpf source package unpacked without src/ringbuf.c" >&2; return 1; }
  mv "$unpacked" "$tree"
  echo "$tree"
}

# --- one flavour ---------------------------------------------------------------------------

# What the (patched) ringbuf.c of a tree does: "store=<release|seqcst|other> trigger=<level|edge>".
claims_of() {
  local c=$1/src/ringbuf.c store=other trigger=level
  if grep -qE '__atomic_store_n\(r->consumer_pos, *cons_pos, *__ATOMIC_SEQ_CST\)' "$c" \
     && ! grep -qE '^\s*smp_store_release\(r->consumer_pos, cons_pos\);' "$c"; then store=seqcst
  elif grep -qE '^\s*smp_store_release\(r->consumer_pos, cons_pos\);' "$c"; then store=release; fi
  grep -qE 'e->events = EPOLLIN *\| *EPOLLET' "$c" && trigger=edge
  echo "store=$store trigger=$trigger"
}

# build_flavour OUT SRC NAME DESCRIPTION [reverse:DIFF | forward:DIFF]...
build_flavour() {
  local out=$1 src=$2 name=$3 description=$4; shift 4
  local work="$out/flavour-work/$name" flavours="$out/flavours"
  local stamp_text stamp_file="$flavours/.$name.stamp"
  stamp_text=$( { echo "$src $description $*"; for step in "$@"; do cat "${step#*:}"; done; cat "$here/flavour_consumer.c" "$here/exports.map" "${BASH_SOURCE[0]}"; } | sha256sum | cut -d' ' -f1)
  if [ -f "$flavours/$name.so" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_text" ]; then
    return 0
  fi
  rm -rf "$work"; mkdir -p "$work" "$flavours"
  cp -a "$src" "$work/libbpf"
  local applied=() step
  for step in "$@"; do
    case "$step" in
      reverse:*) patch -p1 -d "$work/libbpf" -R --silent <"${step#reverse:}" >/dev/null || return 1; applied+=("reversed $(basename "${step#reverse:}")") ;;
      forward:*) patch -p1 -d "$work/libbpf" --silent <"${step#forward:}" >/dev/null || return 1; applied+=("applied $(basename "${step#forward:}")") ;;
    esac
  done
  say "building flavour $name ($description)"
  mkdir -p "$work/obj"
  make -s -C "$work/libbpf/src" BUILD_STATIC_ONLY=1 OBJDIR="$work/obj" EXTRA_CFLAGS="-fPIC -O2 -g" -j"$(nproc)" >"$work/make.log" 2>&1 \
    || { echo "building libbpf for flavour $name failed: $(grep -m1 -i error "$work/make.log")" >&2; return 1; }
  ${CC:-cc} -O2 -g -Wall -fPIC -shared -I"$work/libbpf/src" "$here/flavour_consumer.c" "$work/obj/libbpf.a" \
    -Wl,--exclude-libs,ALL -Wl,--version-script="$here/exports.map" -lelf -lz -o "$flavours/$name.so.tmp" \
    || { echo "linking the consumer library of flavour $name failed" >&2; return 1; }
  mv "$flavours/$name.so.tmp" "$flavours/$name.so" || return 1
  {
    echo "name=$name"
    echo "description=$description"
    echo "source=libbpf $(installed_version), the distribution's source package (apt-get source)"
    echo "diff=${applied[*]:-none}"
    claims_of "$work/libbpf" | tr ' ' '\n'
  } >"$flavours/$name.flavour"
  echo "$stamp_text" >"$stamp_file"
  rm -rf "$work/obj" "$work/libbpf"
}

# build_pair OUT SRC DIFF BEFORE AFTER [K=NAME ...]: before, after and each named hunk alone.
build_pair() {
  local out=$1 src=$2 diff=$3 before=$4 after=$5; shift 5
  local parts="$out/flavour-work/hunks"; mkdir -p "$parts"
  local n k carried=() missing=() before_steps=() after_steps=()
  n=$(hunk_count "$diff")
  [ "$n" -gt 0 ] || { echo "$diff has no hunks: not a unified diff" >&2; return 2; }
  for ((k = 1; k <= n; k++)); do
    hunk_of "$diff" "$k" >"$parts/$(basename "$diff").$k"
    set +e; diff_state "$parts/$(basename "$diff").$k" "$src"; local state=$?; set -e
    case $state in
      0) missing+=("$k"); after_steps+=("forward:$parts/$(basename "$diff").$k") ;;
      1) carried+=("$k"); before_steps+=("reverse:$parts/$(basename "$diff").$k") ;;
      *) echo "$(basename "$diff"): hunk $k of $n does not apply to libbpf $(installed_version) (neither forward nor already in): rebase the diff on src/ringbuf.c of that version" >&2; return 2 ;;
    esac
  done
  [ ${#carried[@]} -gt 0 ] && say "libbpf $(installed_version) already carries hunk(s) ${carried[*]} of $(basename "$diff"); they are reversed for '$before'"
  build_flavour "$out" "$src" "$before" "libbpf $(installed_version), before $(basename "$diff")" "${before_steps[@]}"
  build_flavour "$out" "$src" "$after" "libbpf $(installed_version), with $(basename "$diff")" "${after_steps[@]}"
  local spec
  for spec in "$@"; do
    k=${spec%%=*}
    local steps=("${before_steps[@]}") ; steps+=("forward:$parts/$(basename "$diff").$k")
    build_flavour "$out" "$src" "${spec#*=}" "libbpf $(installed_version), hunk $k of $(basename "$diff") alone" "${steps[@]}"
  done
}

# --- main ----------------------------------------------------------------------------------

if [ "${1:-}" = "--check-applies" ]; then
  diff=$2 tree=$3
  n=$(hunk_count "$diff"); [ "$n" -gt 0 ] || { echo "$diff: no hunks, not a unified diff" >&2; exit 2; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for ((k = 1; k <= n; k++)); do
    hunk_of "$diff" "$k" >"$tmp/h"
    set +e; diff_state "$tmp/h" "$tree"; state=$?; set -e
    [ $state -le 1 ] || { echo "$(basename "$diff"): hunk $k of $n does not apply to $tree" >&2; exit 2; }
  done
  exit 0
fi

out=${1:?usage: build-flavours.sh OUT [--patch FILE --name NAME]}; shift
patch_file="" patch_name=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patch) patch_file=$(readlink -f "$2"); shift 2 ;;
    --name) patch_name=$2; shift 2 ;;
    *) echo "build-flavours.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out/flavours"
if ! src=$(fetch_source "$out/libbpf-src" 2>"$out/flavours/fetch.err"); then
  reason=$(tail -1 "$out/flavours/fetch.err")
  if [ -n "$patch_file" ]; then echo "libbpf-flavours: $reason" >&2; exit 3; fi
  echo "$reason" >"$out/flavours/unavailable.txt"
  say "no libbpf flavours: $reason (every other variant still runs)"
  exit 0
fi
rm -f "$out/flavours/fetch.err"

if [ -n "$patch_file" ]; then
  [ -f "$patch_file" ] || { echo "libbpf-flavours: $patch_file: no such file" >&2; exit 2; }
  [[ "$patch_name" =~ ^[a-z0-9][a-z0-9-]*$ ]] || { echo "libbpf-flavours: --name must be lower-case letters, digits and '-' (got '$patch_name')" >&2; exit 2; }
  build_pair "$out" "$src" "$patch_file" "$patch_name-before" "$patch_name-after"
  exit 0
fi
if build_pair "$out" "$src" "$seed_diff" before after 1=et-only 2=store-only 2>"$out/flavours/build.err"; then
  rm -f "$out/flavours/unavailable.txt" "$out/flavours/build.err"
else
  echo "$(tail -1 "$out/flavours/build.err")" >"$out/flavours/unavailable.txt"
  say "no libbpf flavours: $(cat "$out/flavours/unavailable.txt") (every other variant still runs)"
fi
exit 0
