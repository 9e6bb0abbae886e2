# Sourced by libbpf-flavours/build-flavours.sh and kernel-bench/build-kernel-bench.sh: the
# distribution's source packages through apt without touching the user's apt configuration,
# and unified diffs taken apart hunk by hunk.

# --- source packages -----------------------------------------------------------------------

# deb_src_begin: a temporary deb-src list derived from the system's own deb entries (deb822
# .sources files and one-line lists), passed to apt through its options (Dir::Etc::SourceParts,
# Dir::State::Lists), so the user's configuration is never edited. Sets DEB_SRC_DIR and the
# array DEB_SRC_OPTS for apt-get and apt-cache; deb_src_end removes it. 1 with a line on stderr
# when apt or dpkg-source is missing or the update fails.
deb_src_begin() {
  command -v apt-get >/dev/null || { echo "no apt-get: cannot fetch the distribution's source packages" >&2; return 1; }
  command -v dpkg-source >/dev/null || { echo "dpkg-source is missing (apt-get install dpkg-dev): cannot unpack source packages" >&2; return 1; }
  DEB_SRC_DIR=$(mktemp -d)
  mkdir -p "$DEB_SRC_DIR/parts" "$DEB_SRC_DIR/lists/partial"
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed -E 's/^Types:.*$/Types: deb-src/' "$f" >"$DEB_SRC_DIR/parts/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -nE 's/^deb[[:space:]]+/deb-src /p' "$f" >"$DEB_SRC_DIR/parts/$(basename "$f").list"
  done
  DEB_SRC_OPTS=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$DEB_SRC_DIR/parts" -o "Dir::State::Lists=$DEB_SRC_DIR/lists"
    -o APT::Sandbox::User=root -qq)
  if ! apt-get "${DEB_SRC_OPTS[@]}" update >"$DEB_SRC_DIR/log" 2>&1; then
    echo "apt-get update with a temporary deb-src list failed: $(grep -m1 -E 'E:|Err' "$DEB_SRC_DIR/log" || tail -1 "$DEB_SRC_DIR/log")" >&2
    deb_src_end; return 1
  fi
}

deb_src_end() { [ -n "${DEB_SRC_DIR:-}" ] && rm -rf "$DEB_SRC_DIR"; DEB_SRC_DIR=""; }

# deb_src_versions PACKAGE: the versions of a source package the lists offer, newest first.
deb_src_versions() {
  apt-cache "${DEB_SRC_OPTS[@]}" showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -Vru
}

# deb_src_download DIR PACKAGE VERSION [unpack]: 'apt-get source' into DIR (downloaded only
# unless the fourth word is unpack). 1 with apt's error line on stderr when it fails.
deb_src_download() {
  local dir=$1 package=$2 version=$3 how=(--download-only)
  [ "${4:-}" = unpack ] && how=()
  mkdir -p "$dir"
  if ! (cd "$dir" && apt-get "${DEB_SRC_OPTS[@]}" "${how[@]}" source "$package=$version") >"$DEB_SRC_DIR/log" 2>&1; then
    echo "apt-get source $package=$version failed: $(grep -m1 -E '^E:|Err' "$DEB_SRC_DIR/log" || tail -1 "$DEB_SRC_DIR/log")" >&2
    return 1
  fi
}

# --- diffs ---------------------------------------------------------------------------------

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

# diff_state DIFF TREE [STRIP]: 0 if the diff applies forward to the tree, 1 if it is already
# in (applies in reverse), 2 if neither. STRIP is patch's -p (1 by default).
diff_state() {
  local diff=$1 tree=$2 strip=${3:-1}
  if patch -p"$strip" -d "$tree" --dry-run --force --silent <"$diff" >/dev/null 2>&1; then return 0; fi
  if patch -p"$strip" -d "$tree" --dry-run --force --silent -R <"$diff" >/dev/null 2>&1; then return 1; fi
  return 2
}

# pair_steps DIFF TREE STRIP PARTS WHAT FILE: splits DIFF into one diff a hunk in PARTS/ and
# sets the steps that make the tree "before" and "after" it: BEFORE_STEPS reverses each hunk the
# tree already carries (CARRIED_HUNKS), AFTER_STEPS applies each it lacks; each step is
# reverse:HUNK or forward:HUNK. 2 with one line when a hunk is neither in the tree nor applies
# (WHAT names the tree and FILE the file to rebase on, for that line).
pair_steps() {
  local diff=$1 tree=$2 strip=$3 parts=$4 what=$5 file=$6 n k state
  BEFORE_STEPS=() AFTER_STEPS=() CARRIED_HUNKS=()
  mkdir -p "$parts"
  n=$(hunk_count "$diff")
  [ "$n" -gt 0 ] || { echo "$diff has no hunks: not a unified diff" >&2; return 2; }
  for ((k = 1; k <= n; k++)); do
    hunk_of "$diff" "$k" >"$parts/$(basename "$diff").$k"
    set +e; diff_state "$parts/$(basename "$diff").$k" "$tree" "$strip"; state=$?; set -e
    case $state in
      0) AFTER_STEPS+=("forward:$parts/$(basename "$diff").$k") ;;
      1) CARRIED_HUNKS+=("$k"); BEFORE_STEPS+=("reverse:$parts/$(basename "$diff").$k") ;;
      *) echo "$(basename "$diff"): hunk $k of $n does not apply to $what (neither forward nor already in): rebase the diff on $file of that version" >&2; return 2 ;;
    esac
  done
}

# apply_steps TREE STRIP STEP...: applies pair_steps' steps to TREE; prints what it did.
apply_steps() {
  local tree=$1 strip=$2 step; shift 2
  for step in "$@"; do
    case "$step" in
      reverse:*) patch -p"$strip" -d "$tree" -R --silent <"${step#reverse:}" >/dev/null || return 1; printf 'reversed %s ' "$(basename "${step#reverse:}")" ;;
      forward:*) patch -p"$strip" -d "$tree" --silent <"${step#forward:}" >/dev/null || return 1; printf 'applied %s ' "$(basename "${step#forward:}")" ;;
    esac
  done
}

# claims_of RINGBUF_C: what a (patched) libbpf ringbuf.c does with the consumer_pos store and
# the epoll registration: "store=<release|seqcst|other> trigger=<level|edge>".
claims_of() {
  local c=$1 store=other trigger=level
  if grep -qE '__atomic_store_n\(r->consumer_pos, *cons_pos, *__ATOMIC_SEQ_CST\)' "$c" \
     && ! grep -qE '^\s*smp_store_release\(r->consumer_pos, cons_pos\);' "$c"; then store=seqcst
  elif grep -qE '^\s*smp_store_release\(r->consumer_pos, cons_pos\);' "$c"; then store=release; fi
  grep -qE 'e->events = EPOLLIN *\| *EPOLLET' "$c" && trigger=edge
  echo "store=$store trigger=$trigger"
}
