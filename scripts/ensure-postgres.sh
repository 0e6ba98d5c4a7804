#!/usr/bin/env bash
# The PostgreSQL adapter's tests start a private server from Debian's postgresql package, and the libpq package
# builds against PostgreSQL's client library (libpq-dev): install both when missing, before `npm run setup` builds.
# Needs root, as on a fresh CI or developer machine of this project. `npm start` needs neither.
set -euo pipefail
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && [ -f /usr/include/postgresql/libpq-fe.h ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The PostgreSQL tests need Debian's postgresql and libpq-dev: run 'sudo apt-get install -y postgresql libpq-dev' and try again." >&2
  exit 1
fi
echo "Installing Debian's postgresql (server binaries for the tests' private clusters) and libpq-dev..."
# The tests make their own clusters: the package need not create and start a system one.
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/parcours.conf
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null
