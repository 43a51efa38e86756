set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
for setting in 'fs.protected_fifos=2' 'fs.protected_regular=2' 'fs.protected_symlinks=1' 'kernel.core_uses_pid=1' 'kernel.yama.ptrace_scope=1' 'dev.tty.ldisc_autoload=0' 'net.ipv4.conf.default.accept_redirects=0' 'net.ipv4.conf.all.secure_redirects=0' 'net.ipv4.conf.default.secure_redirects=0' 'net.ipv4.conf.all.send_redirects=0' 'net.ipv4.conf.default.send_redirects=0' 'net.ipv4.conf.default.accept_source_route=0' 'net.ipv4.conf.all.rp_filter=1' 'net.ipv4.conf.default.rp_filter=1' 'net.ipv4.conf.all.log_martians=1' 'net.ipv4.conf.default.log_martians=1' 'net.ipv6.conf.all.accept_redirects=0' 'net.ipv6.conf.default.accept_redirects=0'; do
  sysctl -q -w "$setting" || echo "warning: the kernel refused $setting; it stays in /etc/sysctl.d/60-phanes-hardening.conf" >&2
done
)