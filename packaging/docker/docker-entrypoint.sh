#!/bin/sh
# The kuiper image's entrypoint (1.0's docker-entrypoint.sh): prepares $KUIPER_HOME (/kuiper) and runs the command,
# kuiperd by default. KUIPER__BASIC__RESTPORT=9082, MQTT_SOURCE__DEFAULT__SERVERS=[tcp://broker:1883] and the other
# <FILE>__<SECTION>__<KEY> variables are applied by kuiperd itself, over the etc/ files, which are never written
# (the container may run with a read-only root file system).
#   - an empty etc/ volume (a fresh bind mount) gets the image's default configuration, when it is writable;
#   - data/ must be writable: the store, the sink outboxes and the source settings saved over REST live there;
#   - arguments starting with '-' are kuiperd's (docker run kuiper --data /elsewhere).
set -eu

KUIPER_HOME=${KUIPER_HOME:-/kuiper}
KuiperBaseKey=${KuiperBaseKey:-$KUIPER_HOME}
export KUIPER_HOME KuiperBaseKey
# The configuration the image ships, copied into an empty etc/.
KUIPER_DEFAULT_ETC=${KUIPER_DEFAULT_ETC:-/usr/lib/kuiper/etc}

say() { echo "docker-entrypoint: $*" >&2; }

if [ "${1#-}" != "$1" ]; then
  set -- kuiperd "$@"
fi

if [ "${1:-}" = kuiperd ]; then
  etc="$KuiperBaseKey/etc"
  if [ ! -e "$etc/kuiper.yaml" ] && [ -d "$KUIPER_DEFAULT_ETC" ]; then
    if mkdir -p "$etc" 2>/dev/null && [ -w "$etc" ]; then
      say "$etc has no kuiper.yaml: copying the default configuration into it"
      cp -R "$KUIPER_DEFAULT_ETC/." "$etc/"
    else
      say "$etc has no kuiper.yaml and is read-only: kuiperd uses the image's defaults"
    fi
  fi
  for dir in "$KuiperBaseKey/data" "$KuiperBaseKey/log"; do
    mkdir -p "$dir" 2>/dev/null || true
  done
  data="$KuiperBaseKey/data"
  probe="$data/.kuiper-write-test.$$"
  if ! (: > "$probe") 2>/dev/null; then
    say "$data is not writable by uid $(id -u): mount a volume there that this user may write (e.g. chown $(id -u) on the host folder)"
    exit 1
  fi
  rm -f "$probe"
fi

exec "$@"
