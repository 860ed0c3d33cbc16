#!/usr/bin/env bash
# KS Atlas scale-out: R Streamlit replicas on 127.0.0.1:BASE_PORT.. behind nginx on FRONT_ADDRESS:FRONT_PORT,
# sticky per browser (cookie `ksroute`), all replicas reading the same read-only database KS_DB.
#
#   deploy/scale_out.sh start            # start replicas + nginx, wait until healthy, return
#   deploy/scale_out.sh status           # processes, health of every replica and of the front, requests per replica
#   deploy/scale_out.sh stop             # stop nginx and the replicas started by `start`
#   deploy/scale_out.sh run CMD [ARG..]  # start, run CMD with the stack up, stop afterwards (even on failure);
#                                        # CMD sees KS_FRONT_URL, KS_REPLICA_URLS, KS_RUN_DIR, KS_REPLICA_PIDS
#
# Settings (environment):
#   KS_DB          database every replica reads (default data/ks.duckdb); re-import with
#                  `python -m analytics import SRC --db $KS_DB`: replicas pick it up on their next rerun
#   REPLICAS       number of replicas (default 2)
#   BASE_PORT      first replica port (default 8601; replicas always bind 127.0.0.1)
#   FRONT_ADDRESS  nginx listen address (default 127.0.0.1). A non-loopback address needs sign-in
#                  configured (KS_AUTH_MODE=local|oidc or KS_CONFIG): demo mode is refused here, since
#                  the replicas' own loopback check cannot see that nginx exposes them.
#   FRONT_PORT     nginx port (default 8600)
#   KS_RUN_DIR     where config, pids and logs go (default /tmp/ks-atlas-scale-out)
#   KS_AUTH_MODE, KS_CONFIG, KS_USERS_FILE, ...  passed through to the replicas
#   COOKIE_SECURE  1 to mark the route cookie Secure (when TLS terminates in front of nginx)
#   STREAMLIT_SERVER_COOKIE_SECRET  shared by all replicas (XSRF cookie, OIDC sign-in cookie), so a
#                  browser that fails over to another replica stays valid; default: a random secret
#                  made once per stack, kept in KS_RUN_DIR/cookie_secret (mode 0600)
#   NGINX          nginx binary (default: nginx on PATH; installed with apt-get when missing)
#   NGINX_USER     user of the nginx workers when started as root (default nobody)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
RUN_DIR="${KS_RUN_DIR:-/tmp/ks-atlas-scale-out}"
REPLICAS="${REPLICAS:-2}"
BASE_PORT="${BASE_PORT:-8601}"
FRONT_ADDRESS="${FRONT_ADDRESS:-127.0.0.1}"
FRONT_PORT="${FRONT_PORT:-8600}"
export KS_DB="$(realpath -m "${KS_DB:-$ROOT/data/ks.duckdb}")"
TEMPLATE="$ROOT/deploy/nginx.conf.template"
START_TIMEOUT="${START_TIMEOUT:-90}"

log() { printf '[scale_out] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

front_host() { [[ "$FRONT_ADDRESS" == *:* ]] && echo "[$FRONT_ADDRESS]" || echo "$FRONT_ADDRESS"; }
front_url() {
    local h; h="$(front_host)"
    [[ "$h" == "0.0.0.0" || "$h" == "[::]" ]] && h=127.0.0.1
    echo "http://$h:$FRONT_PORT"
}
replica_port() { echo $((BASE_PORT + $1 - 1)); }
replica_url() { echo "http://127.0.0.1:$(replica_port "$1")"; }

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
pid_of() { [[ -f "$1" ]] && cat "$1" || true; }

healthy() {  # URL -> 0 when /_stcore/health answers "ok"
    [[ "$(curl -fsS --max-time 3 "$1/_stcore/health" 2>/dev/null || true)" == "ok" ]]
}

port_busy() {  # is anything listening on 127.0.0.1:$1 ?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ensure_nginx() {
    NGINX="${NGINX:-$(command -v nginx || true)}"
    if [[ -z "$NGINX" ]]; then
        [[ -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
    fi
    if [[ -z "$NGINX" ]]; then
        log "nginx not found: installing the Debian package"
        [[ "$(id -u)" == 0 ]] || die "nginx is missing and installing it needs root (apt-get install nginx)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y nginx >/dev/null 2>&1 || {
            DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y nginx >/dev/null
        }
        NGINX=/usr/sbin/nginx
        # the package starts the system service; this stack does not use it, leave it as installed
    fi
    command -v curl >/dev/null || die "curl is needed for health checks"
}

check_auth() {
    case "$FRONT_ADDRESS" in
        127.*|localhost|::1) return 0 ;;
    esac
    local mode
    mode="$(cd "$ROOT" && "$PY" -c 'from analytics import auth; print(auth.load_config().mode)')" \
        || die "configuration could not be read (KS_CONFIG?)"
    if [[ "$mode" == "demo" && "${KS_ALLOW_REMOTE_DEMO:-}" != "1" ]]; then
        die "FRONT_ADDRESS=$FRONT_ADDRESS would publish demo mode (no sign-in). Configure sign-in" \
            "(KS_AUTH_MODE=local|oidc, KS_CONFIG) or set KS_ALLOW_REMOTE_DEMO=1 deliberately."
    fi
}

write_conf() {
    local servers="" i
    for ((i = 1; i <= REPLICAS; i++)); do
        servers+="        server 127.0.0.1:$(replica_port "$i") max_fails=3 fail_timeout=5s;"$'\n'
    done
    local listen="$(front_host):$FRONT_PORT"
    local secure=""; [[ "${COOKIE_SECURE:-0}" == 1 ]] && secure="; Secure"
    # nginx workers buffer large responses (the 4.7 MB Plotly bundle) and uploads in temp files.
    # Run as root, the workers are an unprivileged user and must reach that folder: if they cannot,
    # nginx truncates the response (200 with a short body). So the temp folder gets its own
    # directory under /tmp owned by the worker user, whatever the permissions of RUN_DIR's parents.
    local user_directive="" tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/ks-nginx-tmp.XXXXXX")"
    echo "$tmp" >"$RUN_DIR/nginx_tmp"
    if [[ "$(id -u)" == 0 ]]; then
        local wuser="${NGINX_USER:-nobody}" wgroup
        wgroup="$(id -gn "$wuser")"
        user_directive="user $wuser $wgroup;"
        chown "$wuser:$wgroup" "$tmp"
    fi
    chmod 0700 "$tmp"
    SERVERS="$servers" LISTEN="$listen" SECURE="$secure" RUN="$RUN_DIR" TMPD="$tmp" USERD="$user_directive" \
    CMB="${CLIENT_MAX_BODY:-210m}" "$PY" - "$TEMPLATE" "$RUN_DIR/nginx.conf" <<'EOF'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for key, value in {"UPSTREAM_SERVERS": os.environ["SERVERS"].rstrip("\n"), "LISTEN": os.environ["LISTEN"],
                   "COOKIE_SECURE": os.environ["SECURE"], "RUN_DIR": os.environ["RUN"],
                   "TEMP_DIR": os.environ["TMPD"], "USER_DIRECTIVE": os.environ["USERD"],
                   "CLIENT_MAX_BODY": os.environ["CMB"]}.items():
    text = text.replace("{{" + key + "}}", value)
assert not re.search(r"{{[A-Z_]+}}", text), "unfilled placeholder in the nginx template"
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
}

start_replicas() {
    local i port pid
    if [[ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]]; then
        (umask 077; "$PY" -c 'import secrets; print(secrets.token_hex(32))' >"$RUN_DIR/cookie_secret")
        STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$RUN_DIR/cookie_secret")"
    fi
    export STREAMLIT_SERVER_COOKIE_SECRET   # environment, not argv: not visible in ps
    for ((i = 1; i <= REPLICAS; i++)); do
        port="$(replica_port "$i")"
        port_busy "$port" && die "port $port is already in use"
        # = deploy/serve.py (caches filled, then streamlit run dashboard.py) --server.address 127.0.0.1
        #   --server.port $port --server.headless true --server.fileWatcherType none
        #   --browser.gatherUsageStats false   (see deploy/replica.py)
        (cd "$ROOT" && exec nohup "$PY" "$ROOT/deploy/replica.py" "$port" \
            >"$RUN_DIR/replica-$i.log" 2>&1 </dev/null) &
        pid=$!
        echo "$pid" >"$RUN_DIR/replica-$i.pid"
        echo "$port" >"$RUN_DIR/replica-$i.port"
        log "replica $i: pid $pid on 127.0.0.1:$port"
    done
}

wait_healthy() {  # URL NAME [PID]
    local deadline=$((SECONDS + START_TIMEOUT))
    until healthy "$1"; do
        if [[ -n "${3:-}" ]] && ! alive "$3"; then
            die "$2 exited during start-up; see $RUN_DIR/${2// /-}.log"
        fi
        ((SECONDS < deadline)) || die "$2 not healthy at $1 after ${START_TIMEOUT}s"
        sleep 0.5
    done
}

start() {
    ensure_nginx
    [[ -f "$KS_DB" ]] || die "KS_DB=$KS_DB does not exist (build it: python -m analytics import SRC --db FILE)"
    [[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || die "REPLICAS must be a positive number"
    check_auth
    if [[ -f "$RUN_DIR/nginx.pid" ]] && alive "$(pid_of "$RUN_DIR/nginx.pid")"; then
        die "a stack is already running from $RUN_DIR (deploy/scale_out.sh stop)"
    fi
    port_busy "$FRONT_PORT" && die "front port $FRONT_PORT is already in use"
    rm -rf "$RUN_DIR"
    mkdir -p "$RUN_DIR"
    echo "$REPLICAS" >"$RUN_DIR/replicas"
    echo "$KS_DB" >"$RUN_DIR/db"
    write_conf
    "$NGINX" -t -q -e "$RUN_DIR/error.log" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" \
        || die "nginx rejected $RUN_DIR/nginx.conf"
    start_replicas
    local i
    for ((i = 1; i <= REPLICAS; i++)); do
        wait_healthy "$(replica_url "$i")" "replica $i" "$(pid_of "$RUN_DIR/replica-$i.pid")"
    done
    "$NGINX" -e "$RUN_DIR/error.log" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
    wait_healthy "$(front_url)" "nginx"
    log "up: $(front_url) -> $REPLICAS replica(s), KS_DB=$KS_DB, logs in $RUN_DIR"
}

# stop_process PIDFILE SIGNAL TENTHS NAME: send SIGNAL, wait up to TENTHS/10 s, then the next
# harder signal (QUIT -> TERM for nginx's graceful stop, TERM -> KILL for a replica).
stop_process() {
    local pid harder
    pid="$(pid_of "$1")"
    if alive "$pid"; then
        kill "-$2" "$pid" 2>/dev/null || true
        for _ in $(seq "$3"); do alive "$pid" || break; sleep 0.1; done
        [[ "$2" == QUIT ]] && harder=TERM || harder=KILL
        alive "$pid" && kill "-$harder" "$pid" 2>/dev/null || true
        log "$4 (pid $pid) stopped"
    fi
    rm -f "$1"
}

stop() {
    local i n
    [[ -f "$RUN_DIR/nginx.pid" ]] && stop_process "$RUN_DIR/nginx.pid" QUIT 50 nginx
    if [[ -f "$RUN_DIR/nginx_tmp" ]]; then
        local tmp; tmp="$(cat "$RUN_DIR/nginx_tmp")"
        [[ "$tmp" == */ks-nginx-tmp.* && -d "$tmp" ]] && rm -rf -- "$tmp"
        rm -f "$RUN_DIR/nginx_tmp"
    fi
    n="$(cat "$RUN_DIR/replicas" 2>/dev/null || echo 0)"
    for ((i = 1; i <= n; i++)); do
        stop_process "$RUN_DIR/replica-$i.pid" TERM 100 "replica $i"
    done
}

requests_per_upstream() {
    [[ -f "$RUN_DIR/access.log" ]] || return 0
    grep -o 'upstream=[^ ]*' "$RUN_DIR/access.log" | sort | uniq -c | sort -rn || true
}

status() {
    local n i pid rc=0
    n="$(cat "$RUN_DIR/replicas" 2>/dev/null || echo 0)"
    ((n > 0)) || { echo "not running (no $RUN_DIR/replicas)"; return 3; }
    for ((i = 1; i <= n; i++)); do
        pid="$(pid_of "$RUN_DIR/replica-$i.pid")"
        local url; url="http://127.0.0.1:$(cat "$RUN_DIR/replica-$i.port")"
        if alive "$pid" && healthy "$url"; then echo "replica $i  pid $pid  $url  healthy"
        else echo "replica $i  pid ${pid:-?}  $url  DOWN"; rc=1; fi
    done
    pid="$(pid_of "$RUN_DIR/nginx.pid")"
    if alive "$pid" && healthy "$(front_url)"; then echo "nginx      pid $pid  $(front_url)  healthy"
    else echo "nginx      pid ${pid:-?}  $(front_url)  DOWN"; rc=1; fi
    echo "database   $(cat "$RUN_DIR/db" 2>/dev/null)"
    echo "requests per replica (access log):"
    requests_per_upstream | sed 's/^/  /'
    return $rc
}

export_env() {
    local urls="" pids="" i
    for ((i = 1; i <= REPLICAS; i++)); do
        urls+="$(replica_url "$i") "
        pids+="$(pid_of "$RUN_DIR/replica-$i.pid") "
    done
    export KS_FRONT_URL="$(front_url)" KS_REPLICA_URLS="${urls% }" KS_REPLICA_PIDS="${pids% }" KS_RUN_DIR="$RUN_DIR"
}

case "${1:-}" in
    start) start; export_env; echo "$KS_FRONT_URL" ;;
    stop) stop ;;
    status) status ;;
    run)
        shift
        (($#)) || die "usage: $0 run CMD [ARG...]"
        trap stop EXIT
        trap 'exit 130' INT TERM
        start
        export_env
        "$@"
        ;;
    *) echo "usage: $0 start|stop|status|run CMD [ARG...]" >&2; exit 2 ;;
esac
