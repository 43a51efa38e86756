#!/usr/bin/env bash
# Turns a fresh debootstrap tree into a target image root: the machine's own apt sources, host keys and
# machine-id made per container at boot, and no units that cannot work inside a container.
set -euo pipefail
root="${1:?usage: customize-rootfs.sh ROOTFS}"

# Same apt sources as this machine (updates and security included), without naming a mirror here.
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
  : >"$root/etc/apt/sources.list"
fi
# Downloaded .debs stay in /var/cache/apt/archives, which the harness shares between targets.
printf 'Binary::apt::APT::Keep-Downloaded-Packages "true";\nAPT::Keep-Downloaded-Packages "true";\n' \
  >"$root/etc/apt/apt.conf.d/10phanes-keep-debs"

# Every container gets its own host keys and machine-id, so host key checks mean something.
rm -f "$root"/etc/ssh/ssh_host_*
mkdir -p "$root/etc/systemd/system/ssh.service.d"
cat >"$root/etc/systemd/system/ssh.service.d/10-host-keys.conf" <<'UNIT'
[Service]
ExecStartPre=
ExecStartPre=/usr/bin/ssh-keygen -A
ExecStartPre=/usr/sbin/sshd -t
UNIT
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

# Units that need hardware or a console a container has not.
for unit in getty@tty1.service console-getty.service systemd-udevd.service systemd-udev-trigger.service \
  systemd-remount-fs.service sys-kernel-debug.mount sys-kernel-tracing.mount dev-hugepages.mount \
  systemd-modules-load.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
echo phanes-target >"$root/etc/hostname"
