/** What `phanes init` writes: a commented inventory with the settings most users change first. */
export const STARTER_INVENTORY = `# Phanes inventory: which servers to provision, how to reach them, and what runs on each.
# Written by \`phanes init\`. Every setting: docs/inventory.md and docs/modules/.
#
#   phanes plan  -i hosts.yaml            # what apply would change, with file diffs; changes nothing
#   phanes apply -i hosts.yaml            # show the plan, ask, then change the servers
#   phanes list                           # the modules and profiles you can use below

defaults:
  user: root                        # the login user; another user works through sudo
  identity_file: ~/.ssh/id_ed25519  # your private key (or leave it out and use ssh-agent or ~/.ssh/config)
  host_key_policy: strict           # host keys must be in ~/.ssh/known_hosts; accept-new records new ones
  profile: minimal                  # baseline, user, security, swap, updates; also dev, web, database, coolify
  # Secrets are references, never written here: \${env:NAME} (an environment variable) or \${file:PATH}.
  # sudo_password: \${env:SUDO_PASSWORD}
  vars:                             # module settings, under the module's name
    baseline:
      timezone: UTC                 # an IANA name, e.g. Europe/Berlin
      packages: [curl, htop]
    user:
      name: ops                     # an admin account with sudo
      authorized_keys: []           # your public key(s), one line each, e.g. the content of ~/.ssh/id_ed25519.pub
    swap:
      size_mb: 1024

hosts:
  web1:
    address: 203.0.113.10           # an IP address or a DNS name
  # db1:
  #   address: db1.example.com
  #   profile: database             # a host can run another profile, or its own list: modules: [baseline, redis]
  #   vars:
  #     postgres:
  #       password: \${env:DB_PASSWORD}
`;
