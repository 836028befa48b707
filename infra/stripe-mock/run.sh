#!/usr/bin/env bash
# Runs stripe-mock in the foreground on 127.0.0.1, HTTP on PORT (default 12111).
# Usage: bash infra/stripe-mock/run.sh [PORT]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$root/.local/bin/stripe-mock"
http_port="${1:-12111}"

[[ -x "$bin" ]] || bash "$root/infra/stripe-mock/install.sh"
# exec: whoever started us (a terminal, @streetteam/local-infra) signals stripe-mock itself.
# HTTPS on a port the system picks: nothing here uses it, and a fixed PORT+1 could be taken
# (a test that found PORT free lost to whatever held the next one).
exec "$bin" -http-addr "127.0.0.1:$http_port" -https-addr "127.0.0.1:"
