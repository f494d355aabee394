# The kuiper system user and group and the folders kuiperd writes, shared by the .deb's postinst and the .rpm's
# scriptlets. $root is the root being installed into: empty, or dpkg's DPKG_ROOT (dpkg --root with
# --force-script-chrootless), in which case the user is written to $root/etc/passwd with useradd --prefix.
kuiper_has() { # passwd|group NAME
  if [ -z "$root" ]; then getent "$1" "$2" >/dev/null; else grep -q "^$2:" "$root/etc/$1" 2>/dev/null; fi
}
kuiper_id() { # passwd|group NAME: the numeric id
  if [ -z "$root" ]; then getent "$1" "$2" | cut -d: -f3; else grep "^$2:" "$root/etc/$1" | cut -d: -f3; fi
}
kuiper_setup() {
  if ! kuiper_has group kuiper; then
    groupadd --system ${root:+--prefix "$root"} kuiper
  fi
  if ! kuiper_has passwd kuiper; then
    useradd --system ${root:+--prefix "$root"} --gid kuiper --home-dir /var/lib/kuiper --no-create-home \
      --shell /usr/sbin/nologin --comment "Kuiper stream processing" kuiper
  fi
  uid=$(kuiper_id passwd kuiper)
  gid=$(kuiper_id group kuiper)
  # Created once, owned by kuiper; an administrator's later changes to them are left alone.
  for dir in /var/lib/kuiper /var/lib/kuiper/data /var/lib/kuiper/plugins /var/log/kuiper; do
    if [ ! -d "$root$dir" ]; then
      mkdir -p "$root$dir"
      chown "$uid:$gid" "$root$dir"
      chmod 0750 "$root$dir"
    fi
  done
}
