# The .NET runtime identifier of this machine's architecture, the one place uname is mapped:
# sourced by make-bundle.sh, run-fleet.sh and the bundle's launcher (ringbench), and inlined by
# ringbench.yml into its host check (before a host has the bundle). Prints linux-x64 or
# linux-arm64; fails, printing nothing, on an architecture the bundle has no build for.
ringbench_rid() {
  case "$(uname -m)" in
    x86_64) echo linux-x64 ;;
    aarch64) echo linux-arm64 ;;
    *) return 1 ;;
  esac
}
