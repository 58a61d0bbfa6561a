#!/bin/sh
# Calls a task on a peer through the local echomesh agent, with curl.
#
#   call.sh PEER TASK [PAYLOAD]
#
# Prints the result. On any status but OK, curl prints the JSON error body and the script exits
# 22 (curl's code for an HTTP error). The agent is the one of $ECHOMESH_DATA_DIR (default
# ~/.local/share/echomesh).
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: call.sh PEER TASK [PAYLOAD]" >&2
  exit 2
fi
socket="${ECHOMESH_DATA_DIR:-$HOME/.local/share/echomesh}/control.sock"
exec curl -sS --fail-with-body --unix-socket "$socket" --data-binary "${3:-}" \
  "http://localhost/v1/call/$1/$2"
