#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to three provisioned local servers, with live progress.
set -euo pipefail
cd "$(dirname "$0")/.."
inventory=.phanes/demo/hosts.yaml
phanes() { echo; echo "\$ phanes $*"; node dist/phanes.mjs "$@"; }

[ -d node_modules ] || npm install --no-audit --no-fund
npm run --silent build
bash test/targets/prepare.sh
node dist/scripts/sandbox.js up 3

phanes apply -i "$inventory" --yes
phanes plan -i "$inventory" --detailed-exitcode
phanes status demo1 -i "$inventory"
echo
echo "Done. Try: node dist/phanes.mjs plan -i $inventory   (after editing it), or npm run sandbox:down"
