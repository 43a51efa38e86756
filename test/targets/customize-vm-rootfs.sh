#!/usr/bin/env bash
# Turns a fresh debootstrap tree into a VM target's root: the machine's apt sources, a root file system
# found by label, DHCP on qemu's user network, fresh host keys and machine-id at first boot, and a seed unit
# that applies the run's users and keys from a second disk (/dev/vdb) before sshd starts.
set -euo pipefail
root="${1:?usage: customize-vm-rootfs.sh ROOTFS}"

# Same apt sources as this machine, without naming a mirror here.
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
  : >"$root/etc/apt/sources.list"
fi

echo 'LABEL=phanes-root / ext4 errors=remount-ro 0 1' >"$root/etc/fstab"
echo phanes-vm >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 phanes-vm\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"

# qemu's user network: DHCP from 10.0.2.2's side, DNS at 10.0.2.3.
mkdir -p "$root/etc/systemd/network"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=ipv4\n' >"$root/etc/systemd/network/10-qemu-user.network"
ln -sf /lib/systemd/system/systemd-networkd.service "$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
mkdir -p "$root/etc/systemd/system/network-online.target.wants"
ln -sf /lib/systemd/system/systemd-networkd-wait-online.service \
  "$root/etc/systemd/system/network-online.target.wants/systemd-networkd-wait-online.service"
rm -f "$root/etc/resolv.conf"
echo 'nameserver 10.0.2.3' >"$root/etc/resolv.conf"

# Every VM makes its own host keys and machine-id, so host key checks mean something.
rm -f "$root"/etc/ssh/ssh_host_*
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

# The seed: the harness writes setup.sh (users, keys, apt proxy) on a small ext4 disk labelled phanes-seed.
cat >"$root/usr/local/sbin/phanes-seed" <<'SEED'
#!/bin/sh
# Applies the test run's seed disk, then prints the host keys on the serial console for the harness.
set -eu
# virtio disks exist (devtmpfs) before systemd starts: the initrd loaded virtio_blk for the root.
dev=/dev/vdb
mnt=/run/phanes-seed
ssh-keygen -A >/dev/null
if [ -e "$dev" ] && [ "$(blkid -s LABEL -o value "$dev")" = phanes-seed ]; then
  mkdir -p "$mnt"
  mountpoint -q "$mnt" || mount -o ro "$dev" "$mnt"
  sh "$mnt/setup.sh" >/dev/null
fi
# One marker per boot, then the keys: the harness tells boots apart and trusts only what this console says.
printf 'phanes-boot: %s\n' "$(cat /proc/sys/kernel/random/boot_id)" >/dev/ttyS0
for key in /etc/ssh/ssh_host_*_key.pub; do
  printf 'phanes-host-key: %s\n' "$(cut -d' ' -f1,2 "$key")" >/dev/ttyS0
done
SEED
chmod 0755 "$root/usr/local/sbin/phanes-seed"
cat >"$root/etc/systemd/system/phanes-seed.service" <<'UNIT'
[Unit]
Description=Phanes test seed (users, keys, apt proxy) and host keys on the console
After=local-fs.target
Before=ssh.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/phanes-seed
RemainAfterExit=yes

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/phanes-seed.service "$root/etc/systemd/system/multi-user.target.wants/phanes-seed.service"
# A login prompt on the serial console is of no use to the harness and costs boot time under emulation.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
