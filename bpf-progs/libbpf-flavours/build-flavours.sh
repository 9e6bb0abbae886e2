#!/usr/bin/env bash
# Builds libbpf "flavours": the installed libbpf's own source, from the distribution's source
# package, with a diff applied or not, each linked statically into a consumer library of its own
# (flavour_consumer.c) that exports only ringbench_flavour_* (see that file for why).
#
#   build-flavours.sh OUT                       the seed patch's four flavours as distributions
#                                               ship libbpf (-O2): before, after, et-only (hunk 1),
#                                               store-only (hunk 2); and before-o0, after-o0 as the
#                                               kernel bench builds its libbpf (-O0)
#                                               and the consumer designs of designs/*.diff
#                                               (the 2026 fixes), one flavour each, -O2
#   build-flavours.sh OUT --patch FILE --name N  any unified diff against libbpf (paths a/src/...):
#                                               flavours N-before and N-after
#   build-flavours.sh --check-applies FILE SRC   exit 0 if FILE applies (forward or already in) to SRC
#
# Output in OUT/flavours/: <name>.so and <name>.flavour (key=value: what it is, the source
# version, the diff, the optimisation level, the store and trigger its ringbuf.c uses, read from
# the patched source).
# The default build never fails the harness's build: where the source package cannot be had,
# OUT/flavours/unavailable.txt says why in one line and the flavour variants report it.
#
# The source: 'apt-get source libbpf=<installed version>', with a temporary deb-src list derived
# from the system's own deb entries and passed through apt's options (Dir::Etc::SourceParts,
# Dir::State::Lists), so the user's apt configuration is never edited.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seed_diff="$here/seed-ringbuf-seqcst-epollet.diff"
# shellcheck source=../source-packages.sh
source "$here/../source-packages.sh"

say() { printf 'libbpf-flavours: %s\n' "$*" >&2; }

# --- the source ----------------------------------------------------------------------------

installed_version() { dpkg-query -W -f '${source:Version}' libbpf1 2>/dev/null || true; }

# Fetches the installed libbpf's source package into $1/<version>/ once; prints the tree's path.
fetch_source() {
  local cache=$1 version tree
  version=$(installed_version)
  [ -n "$version" ] || { echo "the system libbpf (libbpf1) is not installed from a Debian package, so its source package cannot be named" >&2; return 1; }
  tree="$cache/$version/libbpf"
  if [ -f "$tree/src/ringbuf.c" ]; then echo "$tree"; return 0; fi
  deb_src_begin || return 1
  if ! deb_src_download "$cache/$version/download" libbpf "$version" unpack; then deb_src_end; return 1; fi
  deb_src_end
  local unpacked
  unpacked=$(find "$cache/$version/download" -mindepth 1 -maxdepth 1 -type d -name 'libbpf-*' | head -1)
  [ -n "$unpacked" ] && [ -f "$unpacked/src/ringbuf.c" ] || { echo "the libbpf source package unpacked without src/ringbuf.c" >&2; return 1; }
  mv "$unpacked" "$tree"
  echo "$tree"
}

# --- one flavour ---------------------------------------------------------------------------

# build_flavour OUT SRC NAME DESCRIPTION OPT PATCH [reverse:DIFF | forward:DIFF]...
# OPT is the optimisation level of libbpf and the consumer library: -O2 as distributions ship
# libbpf, or -O0 as the kernel selftests' Makefile builds the bench and its libbpf. PATCH is the
# diff the flavour is a side of, as a report names it (seed-ringbuf-seqcst-epollet.diff,
# designs/barrier.diff): written apart so that no reader takes DESCRIPTION apart for it.
build_flavour() {
  local out=$1 src=$2 name=$3 description=$4 opt=$5 patch=$6; shift 6
  local work="$out/flavour-work/$name" flavours="$out/flavours"
  local stamp_text stamp_file="$flavours/.$name.stamp"
  stamp_text=$( { echo "$src $description $opt $patch $*"; for step in "$@"; do cat "${step#*:}"; done; cat "$here/flavour_consumer.c" "$here/exports.map" "${BASH_SOURCE[0]}" "$here/../source-packages.sh"; } | sha256sum | cut -d' ' -f1)
  if [ -f "$flavours/$name.so" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp_text" ]; then
    return 0
  fi
  rm -rf "$work"; mkdir -p "$work" "$flavours"
  cp -a "$src" "$work/libbpf"
  local applied
  applied=$(apply_steps "$work/libbpf" 1 "$@") || return 1
  say "building flavour $name ($description)"
  mkdir -p "$work/obj"
  make -s -C "$work/libbpf/src" BUILD_STATIC_ONLY=1 OBJDIR="$work/obj" EXTRA_CFLAGS="-fPIC $opt -g" -j"$(nproc)" >"$work/make.log" 2>&1 \
    || { echo "building libbpf for flavour $name failed: $(grep -m1 -i error "$work/make.log")" >&2; return 1; }
  ${CC:-cc} "$opt" -g -Wall -fPIC -shared -I"$work/libbpf/src" "$here/flavour_consumer.c" "$work/obj/libbpf.a" \
    -Wl,--exclude-libs,ALL -Wl,--version-script="$here/exports.map" -lelf -lz -o "$flavours/$name.so.tmp" \
    || { echo "linking the consumer library of flavour $name failed" >&2; return 1; }
  mv "$flavours/$name.so.tmp" "$flavours/$name.so" || return 1
  {
    echo "name=$name"
    echo "description=$description"
    echo "source=libbpf $(installed_version), the distribution's source package (apt-get source)"
    echo "version=$(installed_version)"
    echo "patch=$patch"
    applied=${applied% }; echo "diff=${applied:-none}"
    echo "opt=$opt"
    claims_of "$work/libbpf/src/ringbuf.c" | tr ' ' '\n'
    # The model-check design a diff names ("ringbench model-check, design X."), if it names one.
    for step in "$@"; do
      sed -n 's/.*ringbench model-check, design \([a-z0-9-]*\)\..*/design=\1/p' "${step#*:}" | head -1
    done
  } >"$flavours/$name.flavour"
  echo "$stamp_text" >"$stamp_file"
  rm -rf "$work/obj" "$work/libbpf"
}

# build_pair OUT SRC DIFF BEFORE AFTER OPT [K=NAME ...]: before, after and each named hunk alone.
build_pair() {
  local out=$1 src=$2 diff=$3 before=$4 after=$5 opt=$6; shift 6
  local parts="$out/flavour-work/hunks" patch
  patch=$(basename "$diff")
  pair_steps "$diff" "$src" 1 "$parts" "libbpf $(installed_version)" "src/ringbuf.c" || return 2
  [ ${#CARRIED_HUNKS[@]} -gt 0 ] && say "libbpf $(installed_version) already carries hunk(s) ${CARRIED_HUNKS[*]} of $patch; they are reversed for '$before'"
  build_flavour "$out" "$src" "$before" "libbpf $(installed_version), before $patch, $opt" "$opt" "$patch" "${BEFORE_STEPS[@]}"
  build_flavour "$out" "$src" "$after" "libbpf $(installed_version), with $patch, $opt" "$opt" "$patch" "${AFTER_STEPS[@]}"
  local spec k
  for spec in "$@"; do
    k=${spec%%=*}
    local steps=("${BEFORE_STEPS[@]}") ; steps+=("forward:$parts/$patch.$k")
    build_flavour "$out" "$src" "${spec#*=}" "libbpf $(installed_version), hunk $k of $patch alone, $opt" "$opt" "$patch" "${steps[@]}"
  done
}

# --- main ----------------------------------------------------------------------------------

if [ "${1:-}" = "--check-applies" ]; then
  diff=$2 tree=$3
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  # Every hunk forward or already in, as a build would take it; 2 with one line otherwise.
  pair_steps "$diff" "$tree" 1 "$tmp" "$tree" "src/ringbuf.c" || exit 2
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
  build_pair "$out" "$src" "$patch_file" "$patch_name-before" "$patch_name-after" -O2
  exit 0
fi
# As shipped (-O2), with each hunk alone; and before/after as the kernel bench builds them (-O0).
if build_pair "$out" "$src" "$seed_diff" before after -O2 1=et-only 2=store-only 2>"$out/flavours/build.err" \
   && build_pair "$out" "$src" "$seed_diff" before-o0 after-o0 -O0 2>>"$out/flavours/build.err"; then
  rm -f "$out/flavours/unavailable.txt" "$out/flavours/build.err"
  # The consumer designs, one flavour each (libbpf-<name>): a design that fails to build is
  # missing alone, with its reason in designs.err; the seed's flavours stay.
  rm -f "$out/flavours/designs.err"
  for design in "$here"/designs/*.diff; do
    n=$(basename "$design" .diff)
    if ! build_flavour "$out" "$src" "$n" "libbpf $(installed_version) with designs/$n.diff, -O2" -O2 "designs/$n.diff" "forward:$design" 2>"$out/flavours/design.log"; then
      echo "$n: $(tail -1 "$out/flavours/design.log")" >>"$out/flavours/designs.err"
      say "design $n not built: $(tail -1 "$out/flavours/design.log")"
    fi
    grep -v '^libbpf-flavours: building' "$out/flavours/design.log" >&2 || true
  done
  rm -f "$out/flavours/design.log"
else
  echo "$(tail -1 "$out/flavours/build.err")" >"$out/flavours/unavailable.txt"
  say "no libbpf flavours: $(cat "$out/flavours/unavailable.txt") (every other variant still runs)"
fi
exit 0
