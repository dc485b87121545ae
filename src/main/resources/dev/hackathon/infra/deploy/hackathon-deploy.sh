#!/bin/bash
# hackathon-deploy: puts one release of one app on this instance (Amazon Linux 2023, as root) and
# keeps it running. Part of hackathon-infra; the tool ships it inside every release bundle as
# .hackathon-infra/deploy, and every deploy installs it as /usr/local/sbin/hackathon-deploy, where
# the systemd units, the rotation timer and `rollback` find it. Idempotent: run it again and it
# does only what is missing.
#
#   hackathon-deploy deploy BUNDLE.tar.gz [--id SHA256] [--no-migrate] [--message TEXT] [--by WHO]
#   hackathon-deploy rollback APP [--reason TEXT]   switch to the previous release, reload, check
#   hackathon-deploy prepare APP    (systemd, at each start) the current release's settings into /run
#   hackathon-deploy refresh        (systemd timer) the database secret rotated? new password, reload
#   hackathon-deploy start APP      (systemd) a nextjs or command app's server, as the app's user
#   hackathon-deploy logs APP [--since 15m] [--after CURSOR] [--max-bytes N]   journal lines, bounded
#
# Layout, Deployer's and Envoyer's, which Laravel developers know:
#   /srv/apps/APP/releases/ID/     one folder per release; ID: the first 12 hex digits of its SHA-256
#   /srv/apps/APP/current          -> releases/ID; switched by renaming a new link over it (atomic)
#   /srv/apps/APP/shared/storage/  Laravel's storage/, kept across releases
#   /srv/apps/APP/shared/.env      -> the current release's settings and secrets, in /run (memory)
#   /srv/apps/APP/.hackathon-infra/history, log.jsonl   releases switched to; who deployed what, why
#   /run/hackathon-infra/APP/releases/ID/   .env, systemd.env and Laravel's bootstrap/cache: every
#                                           file holding a secret, in memory, never on disk
# A bundle is a tar.gz of the app's files plus .hackathon-infra/release.json (app, runtime, port,
# health check path, region, the SSM paths of its secrets, the stack's settings: no secret) and
# this script. Its id is the SHA-256 of the uncompressed tar.
#
# Environment: HI_ROOT (default /) prefixes every path, so tests run it against a temporary root.
# HI_USER (app) runs the apps and builds; HI_KEEP_RELEASES (5); HI_HEALTH_TRIES (30) and
# HI_HEALTH_INTERVAL (2 s); HI_DB_WAIT_TRIES (450, 2 s apart); HI_LOCK_WAIT (900 s).
#
# Output: one line per step, "## APP STEP: TEXT", with the commands' own output between them.
# On failure the last line is "## APP FAILED STEP: REASON". Exit codes:
#   0  done (deploy, rollback: the release is current and answers its health check)
#   1  a step failed before the switch: `current` is where it was (rollback: nothing to go back to)
#   2  usage, or a bundle that is damaged or not a release
#   3  deploy: the switched release failed its health check or a later step, and `current` went
#      back to the previous release (the last line says whether that one answers, or that there
#      was none); rollback: the release gone back to does not answer either
#   5  another deploy of this app held the lock for HI_LOCK_WAIT seconds
set -Eeuo pipefail
umask 022

ROOT="${HI_ROOT:-/}"
ROOT="${ROOT%/}"
APPS="$ROOT/srv/apps"
RUN="$ROOT/run/hackathon-infra"
STATE="$ROOT/var/lib/hackathon-infra"
SELF="$ROOT/usr/local/sbin/hackathon-deploy"
UNITS="$ROOT/etc/systemd/system"
APP_USER="${HI_USER:-app}"
KEEP="${HI_KEEP_RELEASES:-5}"
HEALTH_TRIES="${HI_HEALTH_TRIES:-30}"
HEALTH_INTERVAL="${HI_HEALTH_INTERVAL:-2}"
DB_WAIT_TRIES="${HI_DB_WAIT_TRIES:-450}"
LOCK_WAIT="${HI_LOCK_WAIT:-900}"
# What the runtimes install; a new recipe version installs again.
RUNTIME_RECIPE=1

APP=""
STEP="start"
# The release's manifest, read by manifest().
M_APP="" M_RUNTIME="" M_PORT="" M_HEALTH="" M_DB_HOST="" M_DB_PORT=""
NEW_RELEASE=""     # a release folder this run created and has not switched to: removed on failure
SWITCHED=""
DEPLOYING=""       # the release a deploy switched to: a failure from then on goes back (go_back)

say() { printf '## %s %s: %s\n' "${APP:-?}" "$STEP" "$*"; }
step() {
  STEP="$1"
  shift
  if [ $# -gt 0 ]; then say "$@"; fi
}
fail() {  # fail CODE REASON: the failing step, named last
  local code="$1"
  shift
  trap - ERR
  if [ -n "$DEPLOYING" ] && [ -n "$SWITCHED" ]; then
    local id="$DEPLOYING"
    DEPLOYING=""
    trap 'on_error "$BASH_COMMAND" "$LINENO"' ERR
    go_back "$id" "$STEP failed after the switch: $*"
  fi
  if [ -n "$NEW_RELEASE" ] && [ -z "$SWITCHED" ]; then
    rm -rf "$APPS/$APP/releases/$NEW_RELEASE" "$APPS/$APP/releases/$NEW_RELEASE.partial" \
      "$RUN/$APP/releases/$NEW_RELEASE"
  fi
  printf '## %s FAILED %s: %s\n' "${APP:-?}" "$STEP" "$*"
  exit "$code"
}
# An unexpected failure names itself; in a subshell (a $(...), a pipeline) the parent decides.
on_error() {
  if [ "$BASHPID" != "$$" ]; then exit 1; fi
  fail 1 "unexpected failure of: $1 (line $2)"
}
trap 'on_error "$BASH_COMMAND" "$LINENO"' ERR
usage() {
  printf 'hackathon-deploy: %s\n' "$*" >&2
  sed -n '8,13p' "${BASH_SOURCE[0]}" | sed 's/^#  //' >&2
  exit 2
}

# run WHAT COMMAND...: a step line, the command's output, and the step named if it fails.
run() {
  local what="$1" rc=0
  shift
  say "$what"
  "$@" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then fail 1 "$what exited $rc"; fi
}

# as_app COMMAND...: as the app's user, in a clean environment plus BUILD_ENV (KEY=value words).
BUILD_ENV=()
as_app() {
  runuser -u "$APP_USER" -- env -i HOME="$STATE/home" LANG=C.UTF-8 PATH="$PATH" "${BUILD_ENV[@]}" "$@"
}

# write_if_changed FILE MODE: stdin into FILE when it differs; status 0 when it changed.
write_if_changed() {
  local file="$1" mode="$2" tmp
  mkdir -p "$(dirname "$file")"
  tmp="$(mktemp "$file.XXXXXX")"
  cat > "$tmp"
  chmod "$mode" "$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$file"
}

# switch_link LINK TARGET: a new link renamed over the old one (rename(2) is atomic: `current`
# always names a release, never nothing, which remove-then-link would).
switch_link() {
  local link="$1" target="$2"
  rm -f "$link.next"
  ln -s "$target" "$link.next"
  mv -T "$link.next" "$link"
}

lock() {  # lock NAME: waits up to LOCK_WAIT seconds
  mkdir -p "$STATE/locks"
  exec {LOCK_FD}>"$STATE/locks/$1"
  if ! flock -w "$LOCK_WAIT" "$LOCK_FD"; then
    fail 5 "another deploy of $APP held the lock for $LOCK_WAIT s; wait for it, then deploy again"
  fi
}

# ---------------------------------------------------------------- the release's manifest
# manifest FILE: the release's app, runtime, port, health path and database endpoint
# into M_* variables (validated: anything else is not a release).
manifest() {
  local out
  out="$(python3 - "$1" <<'PY'
import json, re, shlex, sys
try:
    m = json.load(open(sys.argv[1], encoding="utf-8"))
    assert m.get("format") == 1, "format is not 1"
    assert re.fullmatch(r"[a-z][a-z0-9-]{0,20}", m["app"]), "bad app name"
    assert m["runtime"] in ("laravel", "nextjs", "command"), "unknown runtime"
    assert isinstance(m["port"], int) and 0 < m["port"] < 65536, "bad port"
    assert m["healthCheckPath"].startswith("/"), "bad health check path"
    assert re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", m["region"]), "bad region"
    assert m["runtime"] != "command" or m.get("start"), "a command app without start"
    s = m.get("settings") or {}
    assert all(isinstance(v, str) for v in s.values()), "settings must be text"
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) for k in s), "a setting's name is not a variable name"
    assert "DB_PASSWORD" not in s, "a password in the settings"
except Exception as e:
    print("not a release manifest: %s" % e, file=sys.stderr)
    sys.exit(2)
for k, v in (("M_APP", m["app"]), ("M_RUNTIME", m["runtime"]), ("M_PORT", str(m["port"])),
             ("M_HEALTH", m["healthCheckPath"]),
             ("M_DB_HOST", s.get("DB_HOST", "")), ("M_DB_PORT", s.get("DB_PORT", "5432"))):
    print("%s=%s" % (k, shlex.quote(v)))
PY
)" || return 2
  eval "$out"
}

# manifest_words FILE KEY: NUL-separated words: the build steps (KEY=build), the start command
# (start), or the settings as KEY=value (settings).
manifest_words() {
  python3 - "$1" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
key = sys.argv[2]
if key == "settings":
    words = ["%s=%s" % kv for kv in (m.get("settings") or {}).items()]
elif key == "build":
    words = m.get("build") or []
else:
    words = [m.get(key) or ""]
sys.stdout.write("".join(w + "\0" for w in words))
PY
}

# ---------------------------------------------------------------- settings and secrets
# write_env MODE MANIFEST DIR: DIR/.env (dotenv, Laravel) and DIR/systemd.env (EnvironmentFile)
# from the release's settings, the database password (Secrets Manager) and the app's secrets (SSM
# SecureString parameters under its paths), later ones winning; DIR is in /run, so no secret
# reaches the disk. MODE refresh: status 10, and nothing written, when the database secret's
# version is the one recorded. Prints what went in, never a value.
write_env() {
  local rc=0
  # The AWS CLI this shell would run (python3 may put its own folders first on PATH).
  python3 - "$1" "$2" "$3" "$RUN/$APP/db-secret-version" "$(command -v aws || echo aws)" <<'PY' || rc=$?
import json, os, re, subprocess, sys, tempfile
mode, manifest, out_dir, version_file, aws_cli = sys.argv[1:6]
m = json.load(open(manifest, encoding="utf-8"))
region = m["region"]

def aws(*args):
    r = subprocess.run([aws_cli, *args, "--region", region, "--output", "json"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        print("aws %s %s failed (exit %d): is the instance role allowed, and is there a route out?"
              % (args[0], args[1], r.returncode), file=sys.stderr)
        sys.exit(4)
    return json.loads(r.stdout or "{}")

settings = dict(m.get("settings") or {})
if m["runtime"] == "laravel":
    # Logs to PHP's error_log, which the app's php-fpm pool sends to the journal under its
    # name (and artisan to its unit's journal): what `logs` reads.
    settings.setdefault("LOG_CHANNEL", "errorlog")
database = {}
version = None
arn = settings.get("DB_SECRET_ARN", "")
if arn:
    doc = aws("secretsmanager", "get-secret-value", "--secret-id", arn)
    version = doc["VersionId"]
    old = open(version_file).read().strip() if os.path.exists(version_file) else None
    if mode == "refresh" and old == version:
        sys.exit(10)
    database["DB_PASSWORD"] = json.loads(doc["SecretString"])["password"]
secrets = {}
for path in m.get("secretsPaths") or []:
    for p in aws("ssm", "get-parameters-by-path", "--path", path, "--with-decryption").get("Parameters", []):
        name = p["Name"].rsplit("/", 1)[-1]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            secrets[name] = p["Value"]
        else:
            print("skipped secret %s: not a variable name" % p["Name"], file=sys.stderr)
env = {**settings, **database, **secrets}
if m["runtime"] == "laravel" and not env.get("APP_KEY"):
    print("APP_KEY is not set: Laravel encrypts sessions and cookies with it. `hackathon-infra deploy`"
          " stores one as a secret on an app's first deploy; set one with"
          " `hackathon-infra secrets set APP_KEY`", file=sys.stderr)
    sys.exit(3)

PLAIN = re.compile(r"[A-Za-z0-9_./:@,+-]+\Z")
def dotenv(v):  # as the tool's EnvFormat writes it, which phpdotenv reads back exactly
    if PLAIN.match(v):
        return v
    if "'" not in v and "\n" not in v:
        return "'" + v + "'"
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("\n", "\\n") + '"'
def unit(v):  # systemd EnvironmentFile: single quotes are literal; else POSIX double quotes
    if "'" not in v:
        return "'" + v + "'"
    return '"' + "".join("\\" + c if c in '\\"$`' else c for c in v) + '"'

os.makedirs(out_dir, mode=0o750, exist_ok=True)
def put(name, text, perm):
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix="." + name)
    os.fchmod(fd, perm)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(out_dir, name))
put(".env", "".join("%s=%s\n" % (k, dotenv(v)) for k, v in env.items()), 0o640)
put("systemd.env", "".join("%s=%s\n" % (k, unit(v)) for k, v in env.items()), 0o600)
if version:
    put("db-secret-version", version + "\n", 0o600)
    os.replace(os.path.join(out_dir, "db-secret-version"), version_file)
print("%d settings, %d secrets, %s" % (len(settings), len(secrets),
      "the database password (secret version %s)" % version[:8] if version
      else "no database password (no DB_SECRET_ARN yet)"))
PY
  if [ "$rc" -eq 0 ]; then chown "root:$APP_USER" "$3" "$3/.env"; fi
  return "$rc"
}

# env_step MANIFEST RELEASE: the release's settings into /run; fails the step with the reason.
env_step() {
  local rc=0 summary
  summary="$(write_env deploy "$1" "$RUN/$APP/releases/$2" 2>&1)" || rc=$?
  case "$rc" in
    0)
      if [ "$summary" != "${summary##*$'\n'}" ]; then printf '%s\n' "${summary%$'\n'*}"; fi
      say "${summary##*$'\n'}"
      ;;
    3) fail 1 "${summary##*$'\n'}" ;;
    *) printf '%s\n' "$summary"; fail 1 "could not read the app's secrets (see above)" ;;
  esac
}

# ---------------------------------------------------------------- runtimes, installed once
runtime() {  # runtime NAME
  local marker="$STATE/runtime/$1"
  if [ "$(cat "$marker" 2>/dev/null || true)" = "$RUNTIME_RECIPE" ]; then return 0; fi
  exec {RUNTIME_FD}>"$STATE/locks/runtime"
  flock -w "$LOCK_WAIT" "$RUNTIME_FD" || fail 5 "another deploy held the runtime lock for $LOCK_WAIT s"
  if [ "$(cat "$marker" 2>/dev/null || true)" != "$RUNTIME_RECIPE" ]; then
    case "$1" in
      laravel)
        # PHP 8.3 with what Laravel needs, php-fpm, nginx; git and unzip for Composer.
        run "dnf: PHP 8.3, php-fpm, nginx" dnf install -y php8.3 php8.3-fpm php8.3-cli php8.3-common \
          php8.3-mbstring php8.3-xml php8.3-pdo php8.3-pgsql php8.3-intl php8.3-opcache php8.3-process \
          nginx git unzip
        if ! command -v composer >/dev/null; then install_composer; fi
        run "php-fpm and nginx enabled" systemctl enable --now php-fpm.service nginx.service
        ;;
      nextjs)
        run "dnf: Node.js 20" dnf install -y nodejs20 nodejs20-npm
        run "node is Node.js 20" alternatives --set node /usr/bin/node-20
        local version
        version="$(node --version 2>&1)" || true
        case "$version" in v20.*) ;; *) fail 1 "node --version says '$version', not v20" ;; esac
        ;;
      command) ;;  # its build steps bring what they need
    esac
    mkdir -p "$STATE/runtime"
    echo "$RUNTIME_RECIPE" > "$marker"
  fi
  exec {RUNTIME_FD}>&-
}

# Composer from getcomposer.org, checked against its published installer signature.
install_composer() {
  local dir expected actual
  dir="$(mktemp -d)"
  say "Composer"
  expected="$(curl -fsSL https://composer.github.io/installer.sig)" || fail 1 "cannot reach composer.github.io"
  curl -fsSL -o "$dir/composer-setup.php" https://getcomposer.org/installer || fail 1 "cannot reach getcomposer.org"
  actual="$(php -r "echo hash_file('sha384', '$dir/composer-setup.php');")"
  if [ "$expected" != "$actual" ]; then fail 1 "the Composer installer's signature does not match"; fi
  php "$dir/composer-setup.php" --quiet --install-dir="$ROOT/usr/local/bin" --filename=composer 2>&1
  rm -rf "$dir"
}

ensure_user() {
  if ! id -u "$APP_USER" >/dev/null 2>&1; then
    run "user $APP_USER" useradd --system --home-dir "$STATE/home" --shell /sbin/nologin "$APP_USER"
  fi
  mkdir -p "$STATE/home"
  chown "$APP_USER:$APP_USER" "$STATE/home"
}

# ---------------------------------------------------------------- one release's folders
# link_release ID: the shared and in-memory parts of a release, linked in.
link_release() {
  local id="$1" dir="$APPS/$APP/releases/$1" mem="$RUN/$APP/releases/$1"
  mkdir -p "$mem"
  chmod 0750 "$mem"
  chown "root:$APP_USER" "$mem"
  if [ "$M_RUNTIME" = laravel ]; then
    local shared="$APPS/$APP/shared"
    if [ ! -d "$shared/storage" ]; then
      mkdir -p "$shared"
      if [ -d "$dir/storage" ]; then cp -a "$dir/storage" "$shared/storage"; fi
    fi
    mkdir -p "$shared"/storage/{app/public,framework/cache/data,framework/sessions,framework/views,logs}
    chown -R "$APP_USER:$APP_USER" "$shared/storage"
    rm -rf "$dir/storage"
    ln -s ../../shared/storage "$dir/storage"
    # Laravel's caches hold the configuration, secrets included: in memory, one per release.
    mkdir -p "$mem/cache" "$dir/bootstrap"
    chmod 0770 "$mem/cache"
    chown "$APP_USER:$APP_USER" "$mem/cache"
    rm -rf "$dir/bootstrap/cache"
    ln -s "$mem/cache" "$dir/bootstrap/cache"
  fi
  rm -f "$dir/.env"
  ln -s "$mem/.env" "$dir/.env"
}

unpack() {  # unpack BUNDLE ID
  local part="$APPS/$APP/releases/$2.partial" files
  rm -rf "$part"
  mkdir -p "$part"
  NEW_RELEASE="$2"
  files="$(tar -xzvf "$1" -C "$part" --no-same-owner | wc -l)" || fail 2 "the bundle does not unpack"
  mv -T "$part" "$APPS/$APP/releases/$2"
  chown -R "$APP_USER:$APP_USER" "$APPS/$APP/releases/$2"
  say "$files entries into releases/$2"
}

build() {  # build ID MANIFEST
  local dir="$APPS/$APP/releases/$1" mf="$2"
  cd "$dir"
  case "$M_RUNTIME" in
    laravel)
      run "composer install --no-dev -o" as_app composer install --no-dev -o --no-interaction --no-progress --prefer-dist
      run "php artisan storage:link" as_app php artisan storage:link
      run "php artisan optimize" as_app php artisan optimize
      ;;
    nextjs)
      # NEXT_PUBLIC_* are compiled into the browser's code: the settings are set for the build.
      mapfile -d '' BUILD_ENV < <(manifest_words "$mf" settings)
      BUILD_ENV+=(NEXT_TELEMETRY_DISABLED=1)
      local previous="$APPS/$APP/current/.next/cache"
      if [ -d "$previous" ]; then
        mkdir -p .next
        cp -a "$previous" .next/cache  # Next.js's build cache: what did not change builds at once
      fi
      run "npm ci" as_app npm ci --no-audit --no-fund
      run "npm run build" as_app npm run build
      BUILD_ENV=()
      ;;
    command)
      mapfile -d '' BUILD_ENV < <(manifest_words "$mf" settings)
      BUILD_ENV+=(PORT="$M_PORT")
      local steps=() s
      mapfile -d '' steps < <(manifest_words "$mf" build)
      for s in "${steps[@]}"; do run "$s" as_app bash -eo pipefail -c "$s"; done
      BUILD_ENV=()
      ;;
  esac
  cd /
}

migrate() {  # migrate ID: Laravel's migrations, once the database answers
  if [ -z "$M_DB_HOST" ]; then
    say "skipped: no database yet (DB_HOST is empty); the next deploy migrates"
    return 0
  fi
  local try=0
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's: host and port as arguments, not code
  until timeout 3 bash -c ': </dev/tcp/$1/$2' probe "$M_DB_HOST" "$M_DB_PORT" 2>/dev/null; do
    try=$((try + 1))
    if [ "$try" -ge "$DB_WAIT_TRIES" ]; then fail 1 "the database at $M_DB_HOST:$M_DB_PORT did not answer"; fi
    if [ "$try" -eq 1 ]; then say "waiting for the database at $M_DB_HOST:$M_DB_PORT"; fi
    sleep 2
  done
  cd "$APPS/$APP/releases/$1"
  run "php artisan migrate --force" as_app php artisan migrate --force
  cd /
}

# ---------------------------------------------------------------- services
# services: the app's nginx, php-fpm and systemd files; status 0 when any changed.
services() {
  local changed=1 base="$APPS/$APP" unit="hi-$APP" web=1 tag="hi_${APP//-/_}"
  if env_unit; then changed=0; fi
  if [ "$M_RUNTIME" = laravel ]; then
    write_if_changed "$ROOT/etc/php-fpm.d/$unit.conf" 0644 <<CONF && changed=0
; hackathon-deploy: app $APP (rewritten at each deploy; edits are lost)
[$unit]
user = $APP_USER
group = $APP_USER
listen = $ROOT/run/php-fpm/$unit.sock
listen.owner = nginx
listen.group = nginx
listen.mode = 0660
pm = dynamic
pm.max_children = 8
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
pm.max_requests = 500
; PHP's and Laravel's errors to the journal, as $unit: what \`hackathon-infra logs\` shows.
php_admin_value[error_log] = syslog
php_admin_value[syslog.ident] = $unit
php_admin_flag[log_errors] = on
CONF
    # $realpath_root: nginx resolves `current` per request and hands PHP the release's real path,
    # so opcache (keyed by path) never serves the previous release's code after a switch.
    write_if_changed "$ROOT/etc/nginx/conf.d/$unit.conf" 0644 <<CONF && web=0 && changed=0
# hackathon-deploy: app $APP on port $M_PORT (rewritten at each deploy; edits are lost)
server {
    listen $M_PORT default_server;
    listen [::]:$M_PORT default_server;
    server_name _;
    root $base/current/public;
    index index.php;
    charset utf-8;
    client_max_body_size 32m;
    add_header X-Frame-Options "SAMEORIGIN";
    add_header X-Content-Type-Options "nosniff";
    error_log syslog:server=unix:/dev/log,tag=$tag;

    location / {
        try_files \$uri \$uri/ /index.php?\$query_string;
    }
    location = /favicon.ico { access_log off; log_not_found off; }
    location = /robots.txt  { access_log off; log_not_found off; }
    error_page 404 /index.php;

    location ~ ^/index\.php(/|\$) {
        fastcgi_pass unix:$ROOT/run/php-fpm/$unit.sock;
        fastcgi_split_path_info ^(.+\.php)(/.*)\$;
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME \$realpath_root\$fastcgi_script_name;
        fastcgi_param DOCUMENT_ROOT \$realpath_root;
        fastcgi_hide_header X-Powered-By;
    }
    location ~ /\.(?!well-known).* {
        deny all;
    }
}
CONF
    write_if_changed "$UNITS/php-fpm.service.d/$unit.conf" 0644 <<UNIT && changed=0
# hackathon-deploy: php-fpm serves app $APP once its settings are in /run
[Unit]
Wants=$unit-env.service
After=$unit-env.service
UNIT
    write_if_changed "$UNITS/$unit-queue.service" 0644 <<UNIT && changed=0
# hackathon-deploy: app $APP's queue worker; \`php artisan queue:restart\` ends it after its job,
# systemd starts it again on the release \`current\` names.
[Unit]
Description=hackathon-infra: queue worker of app $APP
Wants=$unit-env.service network-online.target
After=$unit-env.service network-online.target

[Service]
User=$APP_USER
Group=$APP_USER
WorkingDirectory=$base/current
ExecStart=/usr/bin/php $base/current/artisan queue:work --sleep=3 --tries=3 --max-time=3600
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
  else
    write_if_changed "$UNITS/$unit.service" 0644 <<UNIT && changed=0
# hackathon-deploy: app $APP ($M_RUNTIME) on port $M_PORT
[Unit]
Description=hackathon-infra: app $APP ($M_RUNTIME) on port $M_PORT
Wants=$unit-env.service network-online.target
After=$unit-env.service network-online.target

[Service]
User=$APP_USER
Group=$APP_USER
EnvironmentFile=$RUN/$APP/current/systemd.env
Environment=PORT=$M_PORT HOSTNAME=0.0.0.0 NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
AmbientCapabilities=CAP_NET_BIND_SERVICE
ExecStart=$SELF start $APP
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
  fi
  if [ "$changed" -eq 0 ]; then
    local serving="$unit.service"
    if [ "$M_RUNTIME" = laravel ]; then serving="$unit-queue.service"; fi
    run "systemd units" systemctl daemon-reload
    run "enabled at boot" systemctl enable "$unit-env.service" hackathon-infra-refresh.timer "$serving"
    run "rotation timer" systemctl start hackathon-infra-refresh.timer
  fi
  if [ "$web" -eq 0 ]; then
    run "nginx -t" nginx -t
    run "nginx reloaded" systemctl reload nginx.service
  fi
  return "$changed"
}

# env_unit: the oneshot that puts the current release's settings into /run at each boot, and the
# timer that notices the database secret's rotation. Status 0 when either changed.
env_unit() {
  local changed=1
  write_if_changed "$UNITS/hi-$APP-env.service" 0644 <<UNIT && changed=0
# hackathon-deploy: app $APP's settings and secrets into $RUN/$APP (memory) before its services
[Unit]
Description=hackathon-infra: settings and secrets of app $APP into memory
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$SELF prepare $APP
Restart=on-failure
RestartSec=15

[Install]
WantedBy=multi-user.target
UNIT
  write_if_changed "$UNITS/hackathon-infra-refresh.service" 0644 <<UNIT && changed=0
# hackathon-deploy: when the database secret has rotated, every app gets the new password
[Unit]
Description=hackathon-infra: refresh the apps' database password after a rotation

[Service]
Type=oneshot
ExecStart=$SELF refresh
UNIT
  write_if_changed "$UNITS/hackathon-infra-refresh.timer" 0644 <<UNIT && changed=0
# RDS rotates its managed master secret every 7 days by default; connections made with the old
# password fail from then on, so the apps hear of it within a minute.
[Unit]
Description=hackathon-infra: check the database secret's version every minute

[Timer]
OnBootSec=2min
OnUnitActiveSec=1min
AccuracySec=10s

[Install]
WantedBy=timers.target
UNIT
  return "$changed"
}

# reload: the switched release's processes, gracefully where the runtime allows it.
reload() {
  if [ "$M_RUNTIME" = laravel ]; then
    run "php-fpm reloaded" systemctl reload-or-restart php-fpm.service
    cd "$APPS/$APP/current"
    run "php artisan queue:restart" as_app php artisan queue:restart
    cd /
    run "queue worker running" systemctl start "hi-$APP-queue.service"
  else
    run "hi-$APP restarted" systemctl restart "hi-$APP.service"
  fi
}

health() {  # health: status 0 when the app answers on its port and path
  local url="http://127.0.0.1:$M_PORT$M_HEALTH" try=0 out=""
  while [ "$try" -lt "$HEALTH_TRIES" ]; do
    if out="$(curl -fsS -o /dev/null --max-time 5 "$url" 2>&1)"; then
      say "$url answers"
      return 0
    fi
    try=$((try + 1))
    if [ "$try" -lt "$HEALTH_TRIES" ]; then sleep "$HEALTH_INTERVAL"; fi
  done
  say "no healthy answer from $url in $HEALTH_TRIES tries: ${out:-no response}"
  return 1
}

# ---------------------------------------------------------------- switching and history
current_id() { basename "$(readlink "$APPS/$APP/current" 2>/dev/null || echo none)"; }

log_event() {  # log_event EVENT ID BY MESSAGE
  python3 - "$APPS/$APP/.hackathon-infra/log.jsonl" "$@" <<'PY'
import json, sys, time
path, event, rid, by, message = sys.argv[1:6]
with open(path, "a", encoding="utf-8") as f:
    f.write(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event,
                        "release": rid, "by": by, "message": message}) + "\n")
PY
}

switch_to() {  # switch_to ID: `current` (and the in-memory settings' `current`) to release ID
  switch_link "$APPS/$APP/current" "releases/$1"
  switch_link "$RUN/$APP/current" "releases/$1"
  mkdir -p "$APPS/$APP/shared"
  if [ ! -L "$APPS/$APP/shared/.env" ]; then
    rm -f "$APPS/$APP/shared/.env"
    ln -s "$RUN/$APP/current/.env" "$APPS/$APP/shared/.env"
  fi
  echo "$1" >> "$APPS/$APP/.hackathon-infra/history"
}

# previous: the release switched to before the current one that is still here, built and not
# marked bad; empty when there is none.
previous() {
  local current id history="$APPS/$APP/.hackathon-infra/history"
  current="$(current_id)"
  if [ ! -f "$history" ]; then return 0; fi
  tac "$history" | while read -r id; do
    if [ "$id" != "$current" ] && [ -f "$APPS/$APP/releases/$id/.hackathon-infra/built" ] \
      && [ ! -f "$APPS/$APP/releases/$id/.hackathon-infra/bad" ]; then
      echo "$id"
      break
    fi
  done
}

# ready ID: the settings and caches of an earlier release, again (they live in memory, which a
# reboot empties, and secrets may have changed since).
ready() {
  local id="$1" mf="$APPS/$APP/releases/$1/.hackathon-infra/release.json"
  manifest "$mf" || fail 2 "releases/$id has no valid release.json"
  step env
  env_step "$mf" "$id"
  link_release "$id"
  if [ "$M_RUNTIME" = laravel ]; then
    cd "$APPS/$APP/releases/$id"
    run "php artisan optimize" as_app php artisan optimize
    cd /
  fi
}

# activate ID: switch to release ID (ready) and reload its services.
activate() {
  local id="$1"
  step switch "current -> releases/$id (was $(current_id))"
  switch_to "$id"
  SWITCHED=1
  step services
  services || true
  step reload
  reload
}

# go_back REASON: to the previous release after a failed health check; exit 3 either way.
go_back() {
  local bad="$1" reason="$2" before
  before="$(previous)"
  echo "$(date -u +%FT%TZ) $reason" > "$APPS/$APP/releases/$bad/.hackathon-infra/bad"
  log_event failed "$bad" "$BY" "$reason"
  if [ -z "$before" ]; then
    step rollback
    fail 3 "$reason; there is no previous release to go back to, releases/$bad stays current"
  fi
  step rollback "to releases/$before"
  ready "$before"
  activate "$before"
  step health
  if health; then
    log_event rollback "$before" "$BY" "$reason"
    step rollback
    fail 3 "$reason; rolled back to releases/$before, which answers"
  fi
  step rollback
  fail 3 "$reason; rolled back to releases/$before, which does not answer either"
}

# cleanup: keep the KEEP releases switched to last (the current one always), remove the rest.
cleanup() {
  local keep=() id dir name kept
  mapfile -t keep < <(tac "$APPS/$APP/.hackathon-infra/history" | awk -v n="$KEEP" '!seen[$0]++ && c++ < n')
  keep+=("$(current_id)")
  for dir in "$APPS/$APP/releases"/*/; do
    name="$(basename "$dir")"
    kept=""
    for id in "${keep[@]}"; do if [ "$id" = "$name" ]; then kept=1; fi; done
    if [ -z "$kept" ]; then
      rm -rf "$APPS/$APP/releases/$name" "$RUN/$APP/releases/$name"
      say "removed releases/$name"
    fi
  done
  local history="$APPS/$APP/.hackathon-infra/history"
  tail -n 100 "$history" > "$history.next" && mv -f "$history.next" "$history"
}

install_self() {
  local me
  me="$(readlink -f "${BASH_SOURCE[0]}")"
  if [ "$me" != "$(readlink -f "$SELF" 2>/dev/null || true)" ]; then
    mkdir -p "$(dirname "$SELF")"
    if ! cmp -s "$me" "$SELF"; then install -m 0755 "$me" "$SELF"; fi
  fi
}

# ---------------------------------------------------------------- commands
cmd_deploy() {
  local bundle="" expect="" migrate=1 message="" started="$SECONDS"
  BY="${SUDO_USER:-root}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --id) expect="${2:?--id needs a SHA-256}"; shift 2 ;;
      --no-migrate) migrate=0; shift ;;
      --message) message="${2?--message needs a text}"; shift 2 ;;
      --by) BY="${2:?--by needs a name}"; shift 2 ;;
      -*) usage "unknown option $1" ;;
      *) [ -z "$bundle" ] || usage "one bundle at a time"; bundle="$1"; shift ;;
    esac
  done
  [ -n "$bundle" ] || usage "deploy needs a bundle"
  [ -f "$bundle" ] || usage "no bundle at $bundle"

  step verify
  local id short mf
  id="$(gzip -dc "$bundle" | sha256sum | cut -c1-64)" || fail 2 "$bundle is not a gzip file"
  short="${id:0:12}"
  mf="$(mktemp)"
  tar -xzOf "$bundle" .hackathon-infra/release.json > "$mf" 2>/dev/null \
    || fail 2 "the bundle has no .hackathon-infra/release.json: not a release"
  manifest "$mf" || fail 2 "the bundle's release.json is not a release manifest"
  rm -f "$mf"
  APP="$M_APP"
  if [ -n "$expect" ] && [ "$id" != "$expect" ]; then
    fail 2 "the bundle's SHA-256 is $id, not $expect: the download is damaged; deploy again"
  fi
  say "release $short of $APP ($M_RUNTIME, port $M_PORT)"

  step lock
  lock "$APP"
  mkdir -p "$APPS/$APP/releases" "$APPS/$APP/.hackathon-infra" "$RUN/$APP/releases"
  install_self

  step runtime
  ensure_user
  runtime "$M_RUNTIME"

  local dir="$APPS/$APP/releases/$short"
  local built="$dir/.hackathon-infra/built"
  if [ -f "$built" ] && [ "$(cat "$built")" = "$id" ]; then
    step unpack "releases/$short is built already"
    rm -f "$dir/.hackathon-infra/bad"  # deployed again on purpose: no longer bad
    if [ "$(current_id)" = "$short" ]; then
      same_release "$short" "$started"
      return 0
    fi
    ready "$short"
  else
    if [ -e "$dir" ]; then
      local other
      other="$(cat "$built" 2>/dev/null || true)"
      if [ -n "$other" ] && [ "$other" != "$id" ]; then
        fail 2 "releases/$short holds release $other, whose id starts like $id; remove that folder"
      fi
      rm -rf "$dir"  # a release whose build did not finish
    fi
    step unpack
    unpack "$bundle" "$short"
    mf="$dir/.hackathon-infra/release.json"
    step env
    link_release "$short"
    env_step "$mf" "$short"
    step build
    build "$short" "$mf"
    step migrate
    if [ "$M_RUNTIME" != laravel ]; then
      say "not a Laravel app"
    elif [ "$migrate" -eq 0 ]; then
      say "skipped (--no-migrate)"
    else
      migrate "$short"
    fi
    echo "$id" > "$built"
  fi

  DEPLOYING="$short"
  activate "$short"
  step health
  if ! health; then
    DEPLOYING=""
    go_back "$short" "releases/$short failed its health check"
  fi
  DEPLOYING=""
  log_event deploy "$short" "$BY" "$message"
  step cleanup
  cleanup
  step "done" "releases/$short is current ($((SECONDS - started)) s)"
}

# same_release ID STARTED: deployed again while current: settings refreshed (secrets may have
# changed), files and units checked; a reload only when something changed.
same_release() {
  local id="$1" mf="$APPS/$APP/releases/$1/.hackathon-infra/release.json" before after
  before="$(cat "$RUN/$APP/releases/$id/.env" 2>/dev/null || true)"
  step env
  env_step "$mf" "$id"
  link_release "$id"
  after="$(cat "$RUN/$APP/releases/$id/.env")"
  step services
  local changed=1
  if services; then changed=0; fi
  if [ "$before" != "$after" ] || [ "$changed" -eq 0 ]; then
    if [ "$M_RUNTIME" = laravel ]; then
      cd "$APPS/$APP/current"
      run "php artisan optimize" as_app php artisan optimize
      cd /
    fi
    step reload
    reload
  else
    say "nothing changed"
  fi
  step health
  if ! health; then go_back "$id" "releases/$id failed its health check"; fi
  step "done" "releases/$id is current, as it was ($((SECONDS - $2)) s)"
}

cmd_rollback() {
  APP="${1:-}"
  [ -n "$APP" ] || usage "rollback needs an app"
  local reason="rolled back by hand"
  if [ "${2:-}" = --reason ]; then reason="${3:?--reason needs a text}"; fi
  BY="${SUDO_USER:-root}"
  [ -L "$APPS/$APP/current" ] || usage "app $APP has no release on this instance"
  step lock
  lock "$APP"
  local from before
  from="$(current_id)"
  before="$(previous)"
  step rollback
  [ -n "$before" ] || fail 1 "no earlier release of $APP to go back to (releases/$from stays current)"
  say "releases/$from -> releases/$before"
  echo "$(date -u +%FT%TZ) $reason" > "$APPS/$APP/releases/$from/.hackathon-infra/bad"
  ready "$before"
  activate "$before"
  step health
  health || fail 3 "releases/$before does not answer either; releases/$from is marked bad"
  log_event rollback "$before" "$BY" "$reason"
  step "done" "releases/$before is current"
}

cmd_prepare() {  # at boot: the current release's settings and caches back into /run
  APP="${1:?prepare needs an app}"
  local id
  id="$(current_id)"
  # Nothing deployed yet, or a deploy has put them there already (it starts the services).
  if [ "$id" = none ] || [ -f "$RUN/$APP/releases/$id/.env" ]; then exit 0; fi
  ready "$id"
  switch_link "$RUN/$APP/current" "releases/$id"
}

cmd_refresh() {  # the timer: a rotated database secret reaches every app
  local current rc
  for current in "$APPS"/*/current; do
    APP="$(basename "$(dirname "$current")")"
    STEP=refresh
    local id mf
    id="$(current_id)"
    mf="$APPS/$APP/releases/$id/.hackathon-infra/release.json"
    manifest "$mf" || continue
    mkdir -p "$STATE/locks"
    exec {LOCK_FD}>"$STATE/locks/$APP"
    if ! flock -n "$LOCK_FD"; then
      say "a deploy is running; it reads the secret itself"
      continue
    fi
    rc=0
    write_env refresh "$mf" "$RUN/$APP/releases/$id" || rc=$?
    if [ "$rc" -eq 10 ]; then exec {LOCK_FD}>&-; continue; fi
    if [ "$rc" -ne 0 ]; then fail 1 "could not read the secrets (see above); next try in a minute"; fi
    say "the database secret has a new version: settings rewritten"
    if [ "$M_RUNTIME" = laravel ]; then
      cd "$APPS/$APP/current"
      run "php artisan config:cache" as_app php artisan config:cache
      cd /
    fi
    reload
    exec {LOCK_FD}>&-
  done
}

cmd_start() {  # systemd's ExecStart for nextjs and command apps (as the app's user)
  APP="${1:?start needs an app}"
  cd "$APPS/$APP/current"
  manifest .hackathon-infra/release.json || fail 2 "no valid release.json in $(pwd -P)"
  case "$M_RUNTIME" in
    nextjs) exec npm start ;;
    command)
      local start
      start="$(manifest_words .hackathon-infra/release.json start | tr -d '\0')"
      exec bash -c "$start"
      ;;
    *) fail 2 "a $M_RUNTIME app is served by php-fpm, not started" ;;
  esac
}

# logs APP: the app's journal (its service, queue worker, php-fpm pool, nginx errors) since a
# time or after a cursor, at most --max-bytes of lines (SSM returns 24,000 characters of output),
# then "## cursor C" to ask for what follows, and "## more" when lines were left for the next call.
cmd_logs() {
  APP="${1:?logs needs an app}"
  shift
  local since="15m" after="" max=20000
  while [ $# -gt 0 ]; do
    case "$1" in
      --since) since="${2:?}"; shift 2 ;;
      --after) after="${2:?}"; shift 2 ;;
      --max-bytes) max="${2:?}"; shift 2 ;;
      *) usage "unknown option $1" ;;
    esac
  done
  local unit="hi-$APP" tag="hi_${APP//-/_}"
  local where=(--since "-$since")
  if [ -n "$after" ]; then where=(--after-cursor "$after"); fi
  journalctl --no-pager -o json "${where[@]}" \
    _SYSTEMD_UNIT="$unit.service" + _SYSTEMD_UNIT="$unit-queue.service" + _SYSTEMD_UNIT="$unit-env.service" \
    + SYSLOG_IDENTIFIER="$unit" + SYSLOG_IDENTIFIER="$tag" | python3 -c '
import json, sys, time
limit, used, cursor, more = int(sys.argv[1]), 0, None, False
for raw in sys.stdin:
    try:
        e = json.loads(raw)
    except ValueError:
        continue
    msg = e.get("MESSAGE", "")
    if isinstance(msg, list):  # bytes that were not UTF-8
        msg = bytes(msg).decode("utf-8", "replace")
    t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(e.get("__REALTIME_TIMESTAMP", "0")) / 1e6))
    line = "%s %s: %s\n" % (t, e.get("SYSLOG_IDENTIFIER") or e.get("_SYSTEMD_UNIT", "?"), msg)
    if used + len(line.encode()) > limit:
        more = True
        break
    sys.stdout.write(line)
    used += len(line.encode())
    cursor = e.get("__CURSOR")
if cursor:
    print("## cursor " + cursor)
if more:
    print("## more")
' "$max"
}

main() {
  local command="${1:-}"
  [ $# -eq 0 ] || shift
  case "$command" in
    deploy) cmd_deploy "$@" ;;
    rollback) cmd_rollback "$@" ;;
    prepare) cmd_prepare "$@" ;;
    refresh) cmd_refresh "$@" ;;
    start) cmd_start "$@" ;;
    logs) cmd_logs "$@" ;;
    *) usage "unknown command '${command}'" ;;
  esac
}

# Run, unless sourced (a test sources it to call one function).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
