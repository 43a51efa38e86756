#!/usr/bin/env bash
# Builds the Debian 12 VM target: a debootstrapped root file system with Debian's kernel, written into an
# ext4 disk image without loop mounts (mke2fs -d), plus the kernel and initrd beside it for direct boot.
# Runs once; test/targets/vm-target.ts boots copies-on-write of the result.
#
#   test/targets/build-vm-image.sh OUTDIR     # writes OUTDIR/{disk.img,vmlinuz,initrd.img,built}
#   PHANES_VM_DISK_MB=6144 ...                # disk size (sparse; default 6 GiB)
set -euo pipefail

out="${1:?usage: build-vm-image.sh OUTDIR}"
SUITE=bookworm
DISK_MB="${PHANES_VM_DISK_MB:-6144}"
here="$(cd "$(dirname "$0")" && pwd)"
log="$out/build.log"

say() { printf 'vm-image: %s\n' "$*" >&2; }
die() { printf 'vm-image: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "debootstrap needs root; run as root (CI runs the tests as root)"
command -v debootstrap >/dev/null || die "debootstrap is missing; run test/targets/prepare.sh"
command -v mke2fs >/dev/null || die "mke2fs is missing (e2fsprogs)"
[ -f "$out/built" ] && { say "image in $out is ready"; exit 0; }

# The mirror comes from this machine's apt sources, as for the container image (never written in the repo).
mirror="$("$here/apt-mirror.sh")"
mkdir -p "$out"
root="$(mktemp -d /var/tmp/phanes-vm-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
started=$(date +%s)
say "debootstrap $SUITE with linux-image-amd64 (a few minutes, once; log: $log)"
debootstrap --variant=minbase \
  --include=linux-image-amd64,initramfs-tools,systemd,systemd-sysv,udev,kmod,dbus,openssh-server,sudo,ca-certificates,curl,gnupg,iproute2,procps,e2fsprogs \
  "$SUITE" "$root" "$mirror" >"$log" 2>&1 \
  || die "debootstrap failed; see $log (last lines: $(tail -n 3 "$log" | tr '\n' ' '))"

"$here/customize-vm-rootfs.sh" "$root"

cp -L "$root/vmlinuz" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
cp -L "$root/initrd.img" "$out/initrd.img.tmp" && mv "$out/initrd.img.tmp" "$out/initrd.img"
rm -f "$out/disk.img.tmp"
mke2fs -q -t ext4 -L phanes-root -d "$root" "$out/disk.img.tmp" "${DISK_MB}M" >>"$log" 2>&1 \
  || die "mke2fs -d failed; see $log"
mv "$out/disk.img.tmp" "$out/disk.img"
date -u +%FT%TZ >"$out/built"
say "built $out in $(( $(date +%s) - started )) s"
