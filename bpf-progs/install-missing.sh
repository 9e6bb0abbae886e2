# Sourced, not run: install_missing [COMMAND] installs with apt what ringbench's native parts, its
# reader processes and (for 'test' and 'fleet') Ansible need, as root or through sudo. The caller
# defines say() and die(). Used by run-bench.sh and by a bundle's first build on a host
# (fleet/make-bundle.sh), so the two install the same things.
install_missing() {
  local need=()
  command -v clang >/dev/null || need+=(clang)
  command -v llc >/dev/null || need+=(llvm)
  command -v make >/dev/null || need+=(make)
  command -v cc >/dev/null || need+=(gcc)
  [ -f /usr/include/bpf/bpf_helpers.h ] || need+=(libbpf-dev)
  ldconfig -p 2>/dev/null | grep -q 'libbpf\.so\.1 ' || need+=(libbpf1)
  command -v bpftool >/dev/null || [ -x /usr/sbin/bpftool ] || need+=(bpftool)
  # For the libbpf flavours built from the distribution's source package (bpf-progs/libbpf-flavours).
  command -v dpkg-source >/dev/null || need+=(dpkg-dev)
  command -v patch >/dev/null || need+=(patch)
  [ -f /usr/include/libelf.h ] || need+=(libelf-dev)
  [ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
  # The reader processes (bpf-progs/readers): cilium/ebpf's Go reader, built offline from Debian's packages.
  command -v go >/dev/null || need+=(golang-go)
  [ -d /usr/share/gocode/src/github.com/cilium/ebpf/ringbuf ] || need+=(golang-github-cilium-ebpf-dev)
  # The fleet (fleet/ringbench.yml) runs through Ansible; the tests run it against this machine.
  case "${1:-}" in test|fleet) command -v ansible-playbook >/dev/null || need+=(ansible-core) ;; esac
  [ ${#need[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${need[*]} and no apt-get: install them by hand"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing ${need[*]}: run as root to install them"
    sudo=sudo
  fi
  say "installing ${need[*]}"
  $sudo apt-get update -qq
  # bpftool is a diagnostic aid only; some releases ship it under another name, so it may fail alone.
  local required=() ; for p in "${need[@]}"; do [ "$p" != bpftool ] && required+=("$p"); done
  [ ${#required[@]} -gt 0 ] && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${required[@]}" >/dev/null
  if [[ " ${need[*]} " == *" bpftool "* ]]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq bpftool >/dev/null 2>&1 || say "bpftool not installable here; continuing without it"
  fi
}
