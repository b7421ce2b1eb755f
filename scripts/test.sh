#!/usr/bin/env bash
# Single test command: bash scripts/test.sh [extra dotnet test args, e.g. --filter Foo]
# The last line of output is always "N passed, M failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

summary_passed=0
summary_failed=1
print_summary() { echo "${summary_passed} passed, ${summary_failed} failed"; }

# --- Prerequisites (Chromium for browser tests, PostgreSQL for database tests) ---
have_pg() { compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" > /dev/null; }
if [[ ! -x /usr/bin/chromium ]] || ! have_pg; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "error: chromium and/or postgresql are missing and this script is not running as root." >&2
    echo "       Install them with: sudo apt-get install -y chromium postgresql" >&2
    print_summary
    exit 1
  fi
  echo "Installing chromium and postgresql (apt-get)..."
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql > /dev/null
fi

export CATALYSE_CHROMIUM=/usr/bin/chromium
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- Build ---
if ! dotnet tool restore || ! dotnet build Catalyse.slnx -c Release; then
  echo "error: build failed" >&2
  print_summary
  exit 1
fi

# --- Test ---
results_dir="TestResults/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$results_dir"
test_rc=0
dotnet test tests/Catalyse.Tests -c Release --no-build \
  --logger "trx;LogFileName=results.trx" \
  --results-directory "$results_dir" "$@" || test_rc=$?

# --- Summary from the TRX counters ---
trx="$(find "$results_dir" -name '*.trx' -type f 2>/dev/null | head -n 1 || true)"
if [[ -n "$trx" ]]; then
  counters="$(tr '\n' ' ' < "$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
  summary_passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<< "$counters")"
  summary_failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<< "$counters")"
  summary_passed="${summary_passed:-0}"
  summary_failed="${summary_failed:-1}"
fi

status=0
if (( summary_failed > 0 || test_rc != 0 || summary_passed == 0 )); then
  status=1
fi
print_summary
exit "$status"
