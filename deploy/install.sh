#!/usr/bin/env bash
# Install or update the portal in this folder, as its service user. Idempotent: run it again after
# every `git pull`. README "Production" says what comes before (packages, user, database, .env) and
# after (systemd units, nginx). The environment file is ./.env or $PORTAL_ENV_FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${PORTAL_ENV_FILE:-.env}"
[ -f "$env_file" ] || { echo "No environment file at $env_file: cp deploy/portal.env.example .env and fill it in."; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements.txt
.venv/bin/python manage.py check --deploy --fail-level ERROR
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_region
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
echo "Installed. Start or restart: systemctl restart portal-web portal-worker"
