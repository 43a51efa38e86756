import { PlanRefusedError } from '../../src/engine/module.js';
import type { Step } from '../../src/engine/step.js';
import { sh } from '../../src/shell/command.js';

/** Debian's architecture names as actions/runner names its Linux tarballs. */
const RUNNER_ARCHITECTURES: Readonly<Record<string, string>> = { amd64: 'x64', arm64: 'arm64', armhf: 'arm' };

/** The pinned release: what to download, from where, and the checksum it must have. */
export interface RunnerRelease {
  readonly version: string;
  readonly sha256: string;
  /** The tarball's URL for the host's architecture. */
  readonly url: string;
}

/** The release for a host of this dpkg architecture; refused for architectures GitHub builds no runner for. */
export function runnerRelease(downloadUrl: string, version: string, sha256: string, architecture: string): RunnerRelease {
  const arch = RUNNER_ARCHITECTURES[architecture];
  if (arch === undefined) {
    throw new PlanRefusedError(`github-runner: actions/runner has Linux releases for amd64, arm64 and armhf; this host is ${architecture || 'of an unknown architecture'}`);
  }
  return { version, sha256, url: `${downloadUrl}/v${version}/actions-runner-linux-${arch}-${version}.tar.gz` };
}

/** curl limited to the URL's own scheme: https (or http to the loopback, as the schema allows), no redirect to another. */
export function curlProto(url: string): string {
  return url.startsWith('http://') ? '=http' : '=https';
}

/**
 * Downloads the tarball, refuses it unless its SHA-256 is the pinned one, and unpacks it into the directory
 * as the runner's user (the runner writes its configuration and updates there). The download goes to a temp
 * file that is removed whatever happens.
 */
export function installReleaseStep(release: RunnerRelease, directory: string, user: string): Step {
  return {
    kind: 'command',
    title: `Install actions/runner ${release.version} in ${directory} (download checked against SHA-256 ${release.sha256.slice(0, 12)}...)`,
    command: sh`phanes_download=$(mktemp -d)
trap 'rm -rf "$phanes_download"' EXIT
curl -fsSL --proto ${curlProto(release.url)} --max-time 600 -o "$phanes_download/runner.tar.gz" ${release.url}
phanes_sum=$(sha256sum "$phanes_download/runner.tar.gz" | cut -d' ' -f1)
if [ "$phanes_sum" != ${release.sha256} ]; then
  echo the download from ${release.url} has SHA-256 "$phanes_sum", not the pinned ${release.sha256}: not installed >&2
  exit 1
fi
install -d -o ${user} -g ${user} -m 0755 ${directory}
runuser -u ${user} -- tar -xzf "$phanes_download/runner.tar.gz" -C ${directory} < /dev/null`,
  };
}

/** The runner's own script that installs the libraries .NET needs (libicu, libssl...), through apt. */
export function installDependenciesStep(directory: string): Step {
  return {
    kind: 'command',
    title: "Install the runner's libraries (its bin/installdependencies.sh)",
    command: sh`cd ${directory} && ./bin/installdependencies.sh < /dev/null`,
  };
}
