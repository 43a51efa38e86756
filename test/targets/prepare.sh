#!/usr/bin/env bash
# Makes this machine able to start real Debian 12 targets: a Docker engine that answers and the
# local base image. Safe to run again: every step is skipped when already done.
#
#   test/targets/prepare.sh            # engine + image
#   PHANES_TARGET_IMAGE=name:tag ...   # another image name (default phanes-target:bookworm)
#   PHANES_REBUILD_IMAGE=1 ...         # build the image even when it exists
#   PHANES_VM_E2E=1 ...                # also qemu and the VM image without /dev/kvm (built by default only with it)
#   PHANES_SKIP_VM_IMAGE=1 ...         # do not build the VM target's disk image (built by the VM tests then)
set -euo pipefail

IMAGE="${PHANES_TARGET_IMAGE:-phanes-target:bookworm}"
SUITE=bookworm
DOCKERD_LOG=/var/log/phanes-dockerd.log
here="$(cd "$(dirname "$0")" && pwd)"

say() { printf 'targets: %s\n' "$*" >&2; }
die() { printf 'targets: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "'$*' needs root; run this script as root or install sudo"
  fi
}

# The VM tests run where /dev/kvm opens, or when PHANES_VM_E2E asks (0: never); vmTestsSkipReason() in
# test/targets/vm-target.ts decides the same way. Elsewhere neither qemu nor the VM image is fetched or built.
vm_tests_wanted() {
  case "${PHANES_VM_E2E:-}" in
    0) return 1 ;;
    '') [ -r /dev/kvm ] && [ -w /dev/kvm ] ;;
    *) return 0 ;;
  esac
}

# Debian's own packages; apt-get update only when something is missing.
ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  # The unit tests compare ~/.ssh/config and known_hosts handling with the real ssh -G and ssh-keygen -F.
  command -v ssh-keygen >/dev/null && command -v ssh >/dev/null || missing+=(openssh-client)
  # The security e2e test has Debian's SSH auditor judge a hardened target.
  command -v ssh-audit >/dev/null || missing+=(ssh-audit)
  # The live view's e2e test runs the CLI in a real terminal (tmux) against lightweight sshd hosts.
  command -v tmux >/dev/null || missing+=(tmux)
  # The dashboard's e2e test drives Debian's chromium with playwright-core (never a downloaded browser).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  # VM targets (test/targets/vm-target.ts): qemu boots a debootstrapped disk made with mke2fs -d.
  if vm_tests_wanted; then
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    command -v qemu-img >/dev/null || missing+=(qemu-utils)
    command -v mke2fs >/dev/null || missing+=(e2fsprogs)
  fi
  # The cloud-init e2e test has Debian's cloud-init check the user-data phanes cloud-init prints.
  command -v cloud-init >/dev/null || missing+=(cloud-init)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them; install a Docker engine and debootstrap"
  say "installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq || die "apt-get update failed; check the machine's apt sources"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

engine_answers() { docker info >/dev/null 2>&1; }

# Nothing starts docker.io's daemon on these machines (no systemd as PID 1): launch it and wait.
ensure_engine() {
  engine_answers && return 0
  if ! pgrep -x dockerd >/dev/null; then
    say "starting dockerd (log: $DOCKERD_LOG)"
    as_root sh -c "nohup dockerd >'$DOCKERD_LOG' 2>&1 &"
  fi
  for _ in $(seq 1 60); do
    engine_answers && return 0
    sleep 1
  done
  die "the Docker engine did not answer within 60 s; see $DOCKERD_LOG (last lines: $(tail -n 3 "$DOCKERD_LOG" 2>/dev/null | tr '\n' ' '))"
}

# Each systemd container holds inotify instances; the default 128 stops at about 26 targets.
raise_inotify_limit() {
  local now
  now="$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)"
  if [ "$now" -lt 1024 ]; then
    as_root sysctl -q -w fs.inotify.max_user_instances=1024 >/dev/null 2>&1 \
      || say "could not raise fs.inotify.max_user_instances (now $now); more than ~25 targets at once may fail"
  fi
}

# The first Debian mirror of this machine's apt sources.
apt_mirror() { "$here/apt-mirror.sh" || die "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/"; }

build_image() {
  if [ -z "${PHANES_REBUILD_IMAGE:-}" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    say "image $IMAGE is ready"
    return 0
  fi
  local mirror root started
  mirror="$(apt_mirror)"
  root="$(mktemp -d /var/tmp/phanes-rootfs.XXXXXX)"
  # shellcheck disable=SC2064
  trap "as_root rm -rf '$root'" EXIT
  started=$(date +%s)
  say "building $IMAGE with debootstrap (about two minutes, once)"
  as_root debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,openssh-server,sudo,ca-certificates,curl,gnupg,iproute2,procps \
    "$SUITE" "$root" "$mirror" >/var/tmp/phanes-debootstrap.log 2>&1 \
    || die "debootstrap failed; see /var/tmp/phanes-debootstrap.log (last lines: $(tail -n 3 /var/tmp/phanes-debootstrap.log | tr '\n' ' '))"
  as_root "$here/customize-rootfs.sh" "$root"
  as_root tar -C "$root" -c . | docker import \
    --change 'CMD ["/lib/systemd/systemd"]' - "$IMAGE" >/dev/null \
    || die "docker import of the root filesystem failed"
  say "built $IMAGE in $(( $(date +%s) - started )) s"
}

# The VM target's disk image, kernel and initrd, once (about ten minutes), where the VM tests run.
build_vm_image() {
  vm_tests_wanted || return 0
  [ -n "${PHANES_SKIP_VM_IMAGE:-}" ] && return 0
  as_root "$here/build-vm-image.sh" "${PHANES_TARGET_CACHE:-/var/tmp/phanes-targets}/vm-bookworm"
}

ensure_packages
ensure_engine
raise_inotify_limit
build_image
build_vm_image
