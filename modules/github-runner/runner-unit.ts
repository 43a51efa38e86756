/** The systemd unit Phanes runs the runner under (one runner per host). */
export const RUNNER_UNIT = 'github-runner.service';
export const UNIT_FILE = `/etc/systemd/system/${RUNNER_UNIT}`;

/**
 * The unit: run.sh as the runner's user in its directory. As actions/runner's own svc.sh template: only
 * the listener gets SIGTERM (KillMode=process), so a running job can finish within the stop timeout.
 */
export function runnerUnit(directory: string, user: string): string {
  return `# Written by Phanes (github-runner module).
[Unit]
Description=GitHub Actions runner (Phanes)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=${directory}/run.sh
User=${user}
WorkingDirectory=${directory}
KillMode=process
KillSignal=SIGTERM
TimeoutStopSec=5min
Restart=on-failure
RestartSec=10

[Install]
WantedBy=multi-user.target
`;
}
