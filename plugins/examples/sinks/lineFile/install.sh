#!/bin/sh
# 1.0's install script: run as `/bin/sh install.sh <shellParas...>` in the unpacked plugin folder before the plugin
# is put in place; what it prints goes to kuiperd's log, and a non-zero exit refuses the install.
echo "lineFile install.sh called with $# parameter(s): $*"
if [ "$1" = "fail" ]; then
  echo "refusing the install as asked" >&2
  exit 3
fi
