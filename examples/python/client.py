#!/usr/bin/env python3
"""Calls a task on a peer through the local echomesh agent (standard library only).

    client.py PEER TASK [PAYLOAD]

Prints the result; on any status but OK prints "STATUS: message" on stderr and exits 1.
The agent is the one of $ECHOMESH_DATA_DIR (default ~/.local/share/echomesh).
"""
import http.client, json, os, socket, sys, urllib.parse

DATA_DIR = os.environ.get("ECHOMESH_DATA_DIR", os.path.expanduser("~/.local/share/echomesh"))

class AgentConnection(http.client.HTTPConnection):
    """HTTP to the agent's local API, over its Unix socket."""
    def __init__(self):
        super().__init__("localhost")
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(os.path.join(DATA_DIR, "control.sock"))

if len(sys.argv) not in (3, 4):
    sys.exit(__doc__)
peer, task = (urllib.parse.quote(arg, safe="") for arg in sys.argv[1:3])
payload = sys.argv[3].encode() if len(sys.argv) == 4 else b""
agent = AgentConnection()
agent.request("POST", f"/v1/call/{peer}/{task}?format=json", body=payload)
response = agent.getresponse()
answer = json.loads(response.read())
if response.status != 200:  # the API refused: unknown peer, ...
    sys.exit(f"{answer['error']}: {answer['message']}")
if answer["status"] != "OK":
    sys.exit(f"{answer['status']}: {answer['message']}")
print(answer["payload"] if "payload" in answer else answer["payloadBase64"])
