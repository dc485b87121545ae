#!/bin/bash
# A stand-in for a system tool, for the tests that run hackathon-deploy for real: links named after
# the tools (dnf, systemctl, php, composer, npm, curl, aws, ...) in FAKE/bin point here, FAKE/bin
# first on PATH. Every call is recorded in FAKE/calls as one line, the tool's name and its
# arguments; a call whose line contains a line of FAKE/fail fails, and so does the first call
# that contains a line of FAKE/fail-once (the line is then removed). FAKE is found from the
# link's own path, since the script runs builds in a cleared environment.
set -euo pipefail
name="$(basename "$0")"
fake="$(cd "$(dirname "$0")/.." && pwd)"
line="$name"
for a in "$@"; do line+=" $a"; done
printf '%s\n' "$line" >> "$fake/calls"
if [ -f "$fake/fail" ] && [ "$name" != runuser ]; then  # runuser fails when what it runs does
  while IFS= read -r pattern; do
    if [ -n "$pattern" ] && [[ "$line" == *"$pattern"* ]]; then
      echo "$name: failing, as the test asked ($pattern)" >&2
      exit 1
    fi
  done < "$fake/fail"
fi
if [ -s "$fake/fail-once" ] && [ "$name" != runuser ]; then
  mapfile -t once < "$fake/fail-once"
  for pattern in "${once[@]}"; do
    if [ -n "$pattern" ] && [[ "$line" == *"$pattern"* ]]; then
      printf '%s\n' "${once[@]}" | grep -vxF -- "$pattern" > "$fake/fail-once" || true
      echo "$name: failing once, as the test asked ($pattern)" >&2
      exit 1
    fi
  done
fi

case "$name" in
  runuser)  # runuser -u USER -- COMMAND...
    shift 3
    exec "$@"
    ;;
  node)
    echo v20.11.1
    ;;
  composer)  # composer install ...: what a real install leaves
    mkdir -p vendor
    echo '<?php // autoload' > vendor/autoload.php
    ;;
  php)  # php artisan COMMAND ...
    case "${2:-}" in
      optimize|config:cache)
        # Laravel caches the whole configuration, secrets included, in bootstrap/cache/config.php.
        { echo '<?php return ['; cat .env; echo '];'; } > bootstrap/cache/config.php
        ;;
      storage:link)
        mkdir -p public
        ln -sfn "$PWD/storage/app/public" public/storage
        ;;
    esac
    ;;
  npm)
    case "${1:-}" in
      ci) mkdir -p node_modules && touch node_modules/.package-lock.json ;;
      run)  # npm run build: what the build saw of NEXT_PUBLIC_*
        mkdir -p .next
        echo "build-$RANDOM" > .next/BUILD_ID
        env | grep '^NEXT_PUBLIC_' | sort > .next/build-env || true
        ;;
    esac
    ;;
  curl)  # the app answers on a port when FAKE/ports/PORT names its folder and current has no "unhealthy"
    url="${*: -1}"
    port="${url#http://127.0.0.1:}"
    port="${port%%/*}"
    if [ ! -f "$fake/ports/$port" ]; then
      echo "curl: (7) Failed to connect to 127.0.0.1 port $port: Connection refused" >&2
      exit 7
    fi
    if [ -e "$(cat "$fake/ports/$port")/current/unhealthy" ]; then
      echo "curl: (22) The requested URL returned error: 500" >&2
      exit 22
    fi
    ;;
  aws)
    case "$1 $2" in
      "s3 cp")  # aws s3 cp --only-show-errors --region R s3://BUCKET/KEY DEST
        src="${*: -2:1}"
        cp "$fake/s3/${src#s3://}" "${*: -1}"
        ;;
      "secretsmanager get-secret-value")
        if [ ! -f "$fake/secret.json" ]; then
          echo "An error occurred (ResourceNotFoundException): Secrets Manager can't find the specified secret." >&2
          exit 254
        fi
        cat "$fake/secret.json"
        ;;
      "ssm get-parameters-by-path")  # the parameters of FAKE/parameters.json directly under --path
        python3 - "$fake/parameters.json" "$@" <<'PY'
import json, os, sys
path = sys.argv[sys.argv.index("--path") + 1]
params = json.load(open(sys.argv[1])) if os.path.exists(sys.argv[1]) else []
print(json.dumps({"Parameters": [p for p in params
                                 if p["Name"].startswith(path) and "/" not in p["Name"][len(path):]]}))
PY
        ;;
      *) echo "aws stand-in: no answer for $line" >&2; exit 2 ;;
    esac
    ;;
  journalctl)
    cat "$fake/journal.jsonl"
    ;;
  *)  # dnf, systemctl, nginx, alternatives, useradd, chown, sleep: recorded, and done
    ;;
esac
