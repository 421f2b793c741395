#!/usr/bin/env bash
# Blue-green behind nginx, for `proofline deploy --target command`: two colour servers, each
# serving its release directory, and a front server whose upstream names the live colour.
# Switching rewrites one include file atomically, checks the configuration and reloads nginx
# gracefully (in-flight requests finish on the old workers), then waits until every old worker
# has exited (until then an old worker may still accept a connection and route it to the old
# colour) and the front answers from the new colour, so post-deploy validation probes what
# users get.
#
#   blue-green.sh start PREFIX FRONT_PORT BLUE_PORT GREEN_PORT   writes nginx.conf, starts nginx
#   blue-green.sh bring-up PREFIX COLOUR ARTIFACT_DIR            installs a release in a colour
#   blue-green.sh switch PREFIX COLOUR                           routes the front to COLOUR
#   blue-green.sh stop PREFIX
#
# With proofline (the idle colour is smoke-checked through the front's preview route):
#   proofline deploy --change "$CHANGE" --env production --artifact dist --target command \
#     --bring-up "examples/deploy/nginx/blue-green.sh bring-up /srv/edge {colour} {artifact}" \
#     --switch "examples/deploy/nginx/blue-green.sh switch /srv/edge {colour}" \
#     --smoke-url "http://127.0.0.1:8080/_preview/{colour}/health.txt" \
#     --validate-url "http://127.0.0.1:8080/ready.txt"
# In production the colour servers would proxy to the two app instances instead of serving files;
# the switch is the same.
set -euo pipefail

nginx_bin=${NGINX:-nginx}

ctl() { "$nginx_bin" -p "$1/" -c nginx.conf -q "${@:2}"; }

# GET PATH from 127.0.0.1:PORT with bash alone (no curl on minimal images); prints the body.
get() {
  local port=$1 path=$2
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
  sed '1,/^\r$/d' <&3
  exec 3>&-
}

start() {
  local prefix=$1 front=$2 blue=$3 green=$4
  mkdir -p "$prefix"/{releases/blue,releases/green,logs,tmp}
  # Workers run as the invoking user (as root nginx would drop to nobody, who cannot read a
  # private prefix).
  local user_line=""
  [[ $(id -u) -eq 0 ]] && user_line="user root;"
  cat >"$prefix/nginx.conf" <<CONF
$user_line
pid logs/nginx.pid;
error_log logs/error.log;
events {}
http {
  access_log logs/access.log;
  types { text/plain txt; text/html html; application/json json; }
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  server { listen 127.0.0.1:$blue; root releases/blue; location = /colour { return 200 "blue\n"; } }
  server { listen 127.0.0.1:$green; root releases/green; location = /colour { return 200 "green\n"; } }
  upstream live { include live-upstream.conf; }
  server {
    listen 127.0.0.1:$front;
    location /_preview/blue/ { proxy_pass http://127.0.0.1:$blue/; }
    location /_preview/green/ { proxy_pass http://127.0.0.1:$green/; }
    location / { proxy_pass http://live; }
  }
}
CONF
  printf 'server 127.0.0.1:%s;\n' "$blue" >"$prefix/live-upstream.conf"
  printf '%s %s %s\n' "$front" "$blue" "$green" >"$prefix/ports"
  ctl "$prefix" -t
  ctl "$prefix"
}

bring_up() {
  local prefix=$1 colour=$2 artifact=$3
  [[ $colour == blue || $colour == green ]] || { echo "colour must be blue or green" >&2; exit 2; }
  local next="$prefix/releases/.$colour.next"
  rm -rf "$next"
  mkdir -p "$next"
  if [[ -d $artifact ]]; then cp -a "$artifact/." "$next/"; else cp -a "$artifact" "$next/"; fi
  rm -rf "$prefix/releases/$colour"
  mv "$next" "$prefix/releases/$colour"
}

switch() {
  local prefix=$1 colour=$2 front blue green port
  read -r front blue green <"$prefix/ports"
  case $colour in blue) port=$blue ;; green) port=$green ;; *) echo "bad colour" >&2; exit 2 ;; esac
  printf 'server 127.0.0.1:%s;\n' "$port" >"$prefix/live-upstream.conf.next"
  mv "$prefix/live-upstream.conf.next" "$prefix/live-upstream.conf"
  ctl "$prefix" -t
  local old
  old=$(workers "$(cat "$prefix/logs/nginx.pid")")
  ctl "$prefix" -s reload
  for _ in $(seq 200); do
    # shellcheck disable=SC2086 # one PID per word
    if ! alive $old && [[ $(get "$front" /colour 2>/dev/null) == "$colour" ]]; then return 0; fi
    sleep 0.05
  done
  echo "nginx did not complete the switch to $colour within 10 s" >&2
  exit 1
}

# The worker processes of nginx master $1 (read from /proc: procps may not be installed).
workers() {
  local stat rest fields
  for stat in /proc/[0-9]*/stat; do
    read -r rest <"$stat" 2>/dev/null || continue
    rest=${rest##*) }  # after "PID (comm) ": state ppid ...
    read -r -a fields <<<"$rest"
    if [[ ${fields[1]} == "$1" ]]; then
      stat=${stat#/proc/}
      echo "${stat%/stat}"
    fi
  done
}

# Whether any of the PIDs still runs (zombies count as gone).
alive() {
  local pid state rest
  for pid in "$@"; do
    read -r rest <"/proc/$pid/stat" 2>/dev/null || continue
    rest=${rest##*) }
    state=${rest%% *}
    [[ $state != Z ]] && return 0
  done
  return 1
}

stop() { ctl "$1" -s quit; }

case ${1:-} in
  start) start "${@:2}" ;;
  bring-up) bring_up "${@:2}" ;;
  switch) switch "${@:2}" ;;
  stop) stop "${@:2}" ;;
  *) sed -n '2,22p' "$0" >&2; exit 2 ;;
esac
