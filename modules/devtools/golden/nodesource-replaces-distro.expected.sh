set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
printf '\n%s\n' '__PHANES_golden_STEP 0' >&2
(
rm -f /etc/apt/keyrings/.phanes-*-aaefd2d1
phanes_tmp=/etc/apt/keyrings/.phanes-$$-aaefd2d1
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' 'LS0tLS1CRUdJTiBQR1AgUFVCTElDIEtFWSBCTE9DSy0tLS0tCgptUUVOQkZkRE4xQUJDQURhTmQvSTNqM3RuNDBkZVFOZ3o3aEIyTnZUK3N5WGU2azRabWRpRWNPZkJ2RnJrUzhCCmhOUzY3dDkzZXRIc3hFeTdFMHF3c1pIMzJiS2F6TXFlOXpEd29hM2FWSW1yeWpoNlNIQzlsTXRXMjdKUEhGZU0KU3JrdDlZbUgxV013V2NSTzZlU1k5QjNQcGF6cXVobnZiYW1tTHVVb2pYUkl4a0Ryb3k2Rnc0VUttVU5TUnIzMgo5RWo4N2pSb1IxQjIvNTdLZnAyWTQrdkZHR3pTdmgzQUZRcEJIcTUxcXNOSEFMVTYrOFBqTGZJdCs1VFB2YVdSClRCK2tBWm5RWmthSVFNMm5yMW4zb2o2YWsyUkFUWS8ra2pMaXpnRld6Z0VmYkNyYnN5cTY4VW9ZNUZQQm51NFoKRTNpRFpwYUlxd0tyMHNlVUM3aUExeE01ZUhpNWt0eTFvQjdIQUJFQkFBRzBJazVUYjJ4cFpDQThibk52YkdsawpMV2R3WjBCdWIyUmxjMjkxY21ObExtTnZiVDZKQVRnRUV3RUNBQ0lGQWxkRE4xQUNHd01HQ3drSUJ3TUNCaFVJCkFna0tDd1FXQWdNQkFoNEJBaGVBQUFvSkVDOVp0Zm1iRytDMHk3d0gvaTR4bmFiMzZkdHJZVzdSWndMOGk2U2MKTmpNeDRqOStVMWtyL0Y2WXRxV2QrSndDYkJkYXI1elJnaHhQY1lFcS9xZjdNYmdBWWNzMWVTT3VUT2I3bjcrbwp4VXdkSDJpQ3RIaEtoM0pyMm1SdzFrczdCYkZaUEI1S21reEhhRUJmTFQ0ZCtJOTFadVVkUFhKKzBTWHM5Z3prCkRiejY1VWhvejNXMDNhaUY4SGVMNUpOQVJaRk1iSEhOVkwwNVUxc1RHVENPdHUrMWMvMzNmM1R1bFEvWFozWTQKaHdHQ3BMZTBUdjdnN0xwM2lMTVpNV1lQRWEwYTdTNHU4aGU1SUVKUUxkOGJFOGpsdGNRdnJkcjNGbThrSTJKZwpCSm1VbVg0UFNmaHVUQ0ZhUi95ZUN0M1VvVzg4M2JzOUxmYlR6SXg5REpHcFJJdThZMElMM2I0c2ovR29aVnE1CkFRMEVWME0zVUFFSUFLclRhQzYyYXl6cU9JUGE3blM5MEJISGNrNFozM2EydFpGL3VvZjM4eE5PaXlXR2hUOHUKSmVGb1RUSG41U1FxNUZ0eXU0SzNLMmZiYnB1dS9BUFFGMDVBYWxqelZrREdOTVc0cFNrZ09hc2R5c2o4MzFjdQpzc3JIWDJSWVMyMndnODBrNkMvSHdtaDVGNDVmYUV1TnhzVitiUHg3b1BVcnQ1bjZHTXg4NHZFUDNpMStGREJpCjBwdC9CL1FuREZCWGtpMUJHdkozNWY1TndEZWZLOFZhSW54WFAzWk4vV0lidG41ZHF4cHBrVi9Za083R2lKbHAKSmxqdTlyZjNrS1VJUXpLUVd4RnNiQ0FQSUhvV3Y3ckg5UlN4Z0RpdGhYdEc2WWc1UjFhZUJiSmFQTlhMOXdwSgpZQkpiaU1qa0FGYXo0Qjk1Rk9xWm0zcjdvSHVnaUNHc0hYMEFFUUVBQVlrQkh3UVlBUUlBQ1FVQ1YwTTNVQUliCkRBQUtDUkF2V2JYNW14dmd0RS9PQi8wVk44OERSM1kzZnVxeTdscS9kdGhrbjdEcW05WVhkb3JabDNMMTUyZUUKSUY4ODJhRzhGRTNxWmRhTEdqUU80b1NoQXlOV21SZlNHdW9IMFhFUlhBSTluMHI4bTRtRE14RTZydFA3dEhldAp5LzVNOHgzQ1R5dU1neDVHTERhRVV2QnVzblREKy92L2ZCTXdSSy9jWjlkdTVQU0c0UjUwcnRzdCtvWXlDMmFvCng0STJTZ2p0Ri9jWTdiRUNzWkRwbHphdE4zZ3YzNFBrY2RJZzhTTEhBVmxMNE41dHp1bURlaXpSc3BjU3lveTIKSzIraHdLVTRDNCtkZWtMTFRnOHJqblJST3ZwbFYyS3RhRWs2cnhLdElSRkRDb1FuZzh3Zkp1SU1yRE5LdnFadwpGUkd0N2Nidlc1TUNudUg4TWhJdE9sOVV4cDF3SHA2Z3Rhdi9oOEdwNk1CYQo9TUFSdAotLS0tLUVORCBQR1AgUFVCTElDIEtFWSBCTE9DSy0tLS0tCg==' | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/keyrings/nodesource.asc
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 1' >&2
(
rm -f /etc/apt/sources.list.d/.phanes-*-b5a69917
phanes_tmp=/etc/apt/sources.list.d/.phanes-$$-b5a69917
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoZGV2dG9vbHMgbW9kdWxlKS4KVHlwZXM6IGRlYgpVUklzOiBodHRwczovL2RlYi5ub2Rlc291cmNlLmNvbS9ub2RlXzIyLngKU3VpdGVzOiBub2Rpc3RybwpDb21wb25lbnRzOiBtYWluCkFyY2hpdGVjdHVyZXM6IGFtZDY0ClNpZ25lZC1CeTogL2V0Yy9hcHQva2V5cmluZ3Mvbm9kZXNvdXJjZS5hc2MK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/sources.list.d/nodesource.sources
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 2' >&2
(
rm -f /etc/apt/preferences.d/.phanes-*-b1f625a3
phanes_tmp=/etc/apt/preferences.d/.phanes-$$-b1f625a3
trap 'rm -f "$phanes_tmp"' EXIT; trap 'exit 143' TERM
set -C; : > "$phanes_tmp"; set +C
chown root:root "$phanes_tmp"
chmod 0644 "$phanes_tmp"
printf '%s' IyBXcml0dGVuIGJ5IFBoYW5lcyAoZGV2dG9vbHMgbW9kdWxlKS4KUGFja2FnZTogbm9kZWpzClBpbjogb3JpZ2luIGRlYi5ub2Rlc291cmNlLmNvbQpQaW4tUHJpb3JpdHk6IDEwMDEK | base64 -d > "$phanes_tmp"
sync "$phanes_tmp"
mv -fT "$phanes_tmp" /etc/apt/preferences.d/nodesource
trap - EXIT TERM
)
printf '\n%s\n' '__PHANES_golden_STEP 3' >&2
(
apt-get -q -o 'DPkg::Lock::Timeout=300' update
)
printf '\n%s\n' '__PHANES_golden_STEP 4' >&2
(
apt-get -q -y -o 'DPkg::Lock::Timeout=300' install --no-install-recommends --allow-downgrades nodejs
)