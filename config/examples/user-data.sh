#!/bin/bash
# User data for the seed's apps on Amazon Linux 2023: the Laravel API on port 80 (health
# check /up, the api target group) and the Next.js front end on port 3000 (health check /,
# the app target group), each a systemd service. Use it as the config's instance.userData:
#
#   instance:
#     userData: examples/user-data.sh      # relative to the config file's folder
#
# A STARTING POINT, not tested on a live instance by this project (its tests check that it
# parses with bash -n and passes shellcheck). Read it before you use it.
#
# Where the code comes from: API_REPO and APP_REPO below (git URLs, public or reachable with a
# deploy key you add). Left empty, a fresh Laravel and a fresh Next.js app are created, so the
# target groups turn healthy and you can see the path work end to end.
#
# Settings: the instance boots before the database exists (nothing in the stack waits for it),
# so the apps read their settings when they start, from /etc/app/stack.env: the output of
# `hackathon-infra env` (no --reveal: no password in it), put there once the stack is up:
#
#   hackathon-infra env > stack.env        # on your laptop
#   hackathon-infra connect                # a shell on the instance, then:
#   sudo tee /etc/app/stack.env            # paste, Ctrl-D; then: sudo systemctl restart api app
#
# The database password is never written to disk: at every start of the api service,
# app-secrets reads it from Secrets Manager (the instance role may GetSecretValue on exactly
# the database's master secret, DB_SECRET_ARN in stack.env) into /run/app/secrets.env, which
# lives in memory, readable by the service's user only.
set -euo pipefail

API_REPO=""          # e.g. https://github.com/your-team/api.git
APP_REPO=""          # e.g. https://github.com/your-team/web.git
APP_USER="app"
API_DIR="/srv/api"
WEB_DIR="/srv/web"

exec > >(tee -a /var/log/user-data.log) 2>&1
echo "user-data: start $(date -u +%FT%TZ)"

# --- packages: PHP 8.3 with the extensions Laravel needs, Node.js 20, git, jq ---------------
dnf install -y php8.3 php8.3-cli php8.3-common php8.3-mbstring php8.3-xml php8.3-pdo \
  php8.3-pgsql php8.3-intl php8.3-opcache php8.3-process nodejs20 nodejs20-npm git jq unzip
alternatives --set node /usr/bin/node-20 2>/dev/null || true
NPM="$(command -v npm-20 || command -v npm)"

# Composer, checked against its published installer signature.
if ! command -v composer >/dev/null; then
  expected="$(curl -fsSL https://composer.github.io/installer.sig)"
  curl -fsSL -o /tmp/composer-setup.php https://getcomposer.org/installer
  actual="$(php -r "echo hash_file('sha384', '/tmp/composer-setup.php');")"
  if [ "$expected" != "$actual" ]; then
    echo "user-data: composer installer signature mismatch" >&2
    exit 1
  fi
  php /tmp/composer-setup.php --quiet --install-dir=/usr/local/bin --filename=composer
  rm -f /tmp/composer-setup.php
fi

id -u "$APP_USER" >/dev/null 2>&1 || useradd --system --create-home --home-dir /home/"$APP_USER" "$APP_USER"
install -d -m 0755 /etc/app
[ -f /etc/app/stack.env ] || install -m 0644 /dev/null /etc/app/stack.env

# --- the code ----------------------------------------------------------------------------------
export COMPOSER_HOME=/home/"$APP_USER"/.composer HOME=/root
if [ -n "$API_REPO" ]; then
  git clone --depth 1 "$API_REPO" "$API_DIR"
  composer install --working-dir="$API_DIR" --no-dev --optimize-autoloader --no-interaction
else
  composer create-project --no-interaction --prefer-dist laravel/laravel "$API_DIR"
fi
# Valkey/Redis through predis: the phpredis extension is not packaged for AL2023.
composer require --working-dir="$API_DIR" --no-interaction predis/predis
if [ -n "$APP_REPO" ]; then
  git clone --depth 1 "$APP_REPO" "$WEB_DIR"
else
  "$NPM" exec --yes -- create-next-app@latest "$WEB_DIR" --ts --eslint --app --no-tailwind --no-src-dir \
    --use-npm --import-alias '@/*' --yes
fi
cd "$WEB_DIR"
if [ -f package-lock.json ]; then
  "$NPM" ci --no-audit --no-fund
else
  "$NPM" install --no-audit --no-fund
fi
cd /
chown -R "$APP_USER":"$APP_USER" "$API_DIR" "$WEB_DIR"

# --- app-secrets: the database password from Secrets Manager, at every start -----------------
cat > /usr/local/bin/app-secrets <<'SCRIPT'
#!/bin/bash
# Writes DB_PASSWORD to /run/app/secrets.env (memory only) from the secret DB_SECRET_ARN names.
set -euo pipefail
set -a
# shellcheck disable=SC1091
. /etc/app/stack.env
set +a
install -d -m 0750 -o app -g app /run/app
: > /run/app/secrets.env
chmod 0600 /run/app/secrets.env
chown app:app /run/app/secrets.env
if [ -z "${DB_SECRET_ARN:-}" ]; then
  echo "app-secrets: no DB_SECRET_ARN in /etc/app/stack.env yet (see the user data's header)" >&2
  exit 0
fi
# IMDSv2 (the instance requires tokens): the Region, for the AWS CLI.
token="$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')"
region="$(curl -fsS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/region)"
secret="$(aws secretsmanager get-secret-value --region "$region" --secret-id "$DB_SECRET_ARN" \
  --query SecretString --output text)"
password="$(printf '%s' "$secret" | jq -r .password)"
# systemd's EnvironmentFile: double quotes, with backslash and double quote escaped.
escaped="${password//\\/\\\\}"
escaped="${escaped//\"/\\\"}"
printf 'DB_PASSWORD="%s"\n' "$escaped" > /run/app/secrets.env
SCRIPT
chmod 0755 /usr/local/bin/app-secrets

# --- systemd services --------------------------------------------------------------------------
# The API: PHP's built-in server with several workers, bound to port 80 as an unprivileged user.
# Fine for a hackathon; put nginx + php-fpm in front for anything busier.
cat > /etc/systemd/system/api.service <<UNIT
[Unit]
Description=Laravel API on port 80 (health check /up)
After=network-online.target
Wants=network-online.target

[Service]
User=$APP_USER
WorkingDirectory=$API_DIR
PermissionsStartOnly=true
ExecStartPre=/usr/local/bin/app-secrets
EnvironmentFile=-/etc/app/stack.env
EnvironmentFile=-/run/app/secrets.env
Environment=PHP_CLI_SERVER_WORKERS=4
Environment=LOG_CHANNEL=stderr
Environment=REDIS_CLIENT=predis
AmbientCapabilities=CAP_NET_BIND_SERVICE
ExecStart=/usr/bin/php artisan serve --host=0.0.0.0 --port=80 --no-reload
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT

cat > /etc/systemd/system/app.service <<UNIT
[Unit]
Description=Next.js front end on port 3000 (health check /)
After=network-online.target
Wants=network-online.target

[Service]
User=$APP_USER
WorkingDirectory=$WEB_DIR
EnvironmentFile=-/etc/app/stack.env
Environment=PORT=3000
Environment=HOSTNAME=0.0.0.0
Environment=NODE_ENV=production
ExecStartPre=$NPM run build
ExecStart=$NPM run start -- --port 3000 --hostname 0.0.0.0
Restart=always
RestartSec=10
TimeoutStartSec=900

[Install]
WantedBy=multi-user.target
UNIT

# Laravel needs an application key; a fresh skeleton has one, a cloned repo usually does not.
if [ ! -f "$API_DIR/.env" ]; then
  cp "$API_DIR/.env.example" "$API_DIR/.env" 2>/dev/null || : > "$API_DIR/.env"
  chown "$APP_USER":"$APP_USER" "$API_DIR/.env"
fi
if ! grep -q '^APP_KEY=base64:' "$API_DIR/.env"; then
  sudo -u "$APP_USER" php "$API_DIR/artisan" key:generate --force
fi

systemctl daemon-reload
systemctl enable --now api.service app.service
echo "user-data: done $(date -u +%FT%TZ)"
