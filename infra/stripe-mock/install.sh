#!/usr/bin/env bash
# Installs Stripe's own API mock (a request validator built from Stripe's OpenAPI
# spec, used by contract tests) into .local/bin, pinned so every machine checks
# against the same spec.
set -euo pipefail

version="v0.203.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$root/.local/bin"
marker="$bin/.stripe-mock-$version"

if [[ -x "$bin/stripe-mock" && -f "$marker" ]]; then
  echo "stripe-mock: $version already in .local/bin" >&2
  exit 0
fi
command -v go >/dev/null || { echo "stripe-mock: go not found (needed to build stripe-mock)" >&2; exit 1; }

mkdir -p "$bin"
started=$SECONDS
echo "stripe-mock: installing $version" >&2
GOBIN="$bin" go install "github.com/stripe/stripe-mock@$version"
rm -f "$bin"/.stripe-mock-*
touch "$marker"
echo "stripe-mock: installed $version in $((SECONDS - started))s" >&2
