/**
 * A shell script that builds, on a target whose Docker engine runs, an image holding nothing but busybox:
 * Debian's busybox-static copied into a `FROM scratch` image (no image registry can be reached here).
 * Its default command is busybox's httpd serving /www on port 8080.
 */
export function buildScratchImage(tag: string): string {
  return `set -eu
apt-get install -y -q busybox-static >/dev/null
mkdir -p /tmp/scratch-image && cd /tmp/scratch-image
cp /bin/busybox busybox
printf '%s\\n' 'FROM scratch' 'COPY busybox /bin/busybox' 'CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]' > Dockerfile
docker build -q -t ${tag} .`;
}
