# Sourced by .ci/run: makes sure the services the scale-out tests use are installed and running on
# this machine — PostgreSQL on 127.0.0.1:5432 (trust on loopback), Redis on 6379 (and its
# redis-server binary for tests that run private ones), nginx as the load balancer. The README's
# own two commands need none of them.

apt_install() {
  if [ -z "${apt_updated:-}" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    grep -q "medi-test tests" "$hba" || sed -i '1i host all all 127.0.0.1/32 trust # medi-test tests' "$hba"
  done
  for conf in /etc/postgresql/*/main; do
    version=$(basename "$(dirname "$conf")")
    pg_ctlcluster "$version" main start || pg_ctlcluster "$version" main restart
  done
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

command -v redis-server >/dev/null 2>&1 || apt_install redis-server
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes
  for _ in $(seq 1 30); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -p 6379 ping

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
