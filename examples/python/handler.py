#!/usr/bin/env python3
"""Serves the task 'py.upper' through the local echomesh agent (standard library only).

Each call is answered with its payload in upper case. Stop with Ctrl-C: the task disappears.
The agent is the one of $ECHOMESH_DATA_DIR (default ~/.local/share/echomesh).
"""
import base64, http.client, json, os, socket, sys

DATA_DIR = os.environ.get("ECHOMESH_DATA_DIR", os.path.expanduser("~/.local/share/echomesh"))

class AgentConnection(http.client.HTTPConnection):
    """HTTP to the agent's local API, over its Unix socket."""
    def __init__(self):
        super().__init__("localhost")
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(os.path.join(DATA_DIR, "control.sock"))

results = AgentConnection()  # one connection for every result, kept open between them

def answer(session, call, result):
    # Written by hand so that request line, headers and body leave in one send (http.client
    # sends the body apart, and the agent would then read the request twice).
    request = (f"POST /v1/serve/{session}/{call} HTTP/1.1\r\nHost: localhost\r\n"
               f"Content-Length: {len(result)}\r\n\r\n").encode() + result
    for retry in (False, True):
        try:
            if results.sock is None:
                results.connect()
            results.sock.sendall(request)
            response = http.client.HTTPResponse(results.sock)
            response.begin()
            return response.read()
        except ConnectionError:  # the agent closes it after 30 s unused: retry once on a new one
            results.close()
            if retry:
                raise

tasks = {"tasks": [{"name": "py.upper", "description": "upper-cases text (Python)"}]}
stream = AgentConnection()
stream.request("POST", "/v1/serve", body=json.dumps(tasks), headers={"Content-Type": "application/json"})
response = stream.getresponse()
if response.status != 200:
    sys.exit("refused: " + response.read().decode())
event = session = None
for line in response:  # Server-Sent Events, one field per line
    line = line.decode().rstrip("\r\n")
    if line.startswith("event: "):
        event = line[len("event: "):]
    elif line.startswith("data: ") and event == "registered":
        session = json.loads(line[len("data: "):])["session"]
        print("serving py.upper", flush=True)
    elif line.startswith("data: ") and event == "call":
        call = json.loads(line[len("data: "):])
        payload = call["payload"].encode() if "payload" in call else base64.b64decode(call["payloadBase64"])
        answer(session, call["call"], payload.upper())
