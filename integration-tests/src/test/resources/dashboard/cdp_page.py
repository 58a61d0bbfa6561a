"""Loads a page in headless Chromium and waits, through the DevTools protocol, until a JavaScript
condition holds; then prints the page's DOM and saves a screenshot. Python standard library only
(a minimal WebSocket client). Used by DashboardIT inside a virtual host's network namespace.

usage: cdp_page.py CHROMIUM_FLAGS_JSON URL CONDITION_JS SCREENSHOT_PNG TIMEOUT_SECONDS
exit 0 when the condition held (DOM on stdout), 3 when it did not within the timeout (DOM still
printed), 1 on any other failure."""
import base64, json, os, socket, struct, subprocess, sys, time, urllib.request

DEBUG_PORT = 9222  # in the host's own network namespace: no one else's


def ws_connect(url):
    rest = url[len("ws://"):]
    hostport, path = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            raise IOError("DevTools closed the WebSocket handshake")
        head += chunk
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise IOError("DevTools refused the WebSocket: %r" % head[:200])
    return sock


def ws_send(sock, text):
    data = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(data) < 126:
        header += bytes([0x80 | len(data)])
    elif len(data) < 65536:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
    else:
        header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


def read_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise IOError("DevTools closed the WebSocket")
        out += chunk
    return out


def ws_receive(sock):
    message = b""
    while True:
        first, second = read_exact(sock, 2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", read_exact(sock, 2))[0]
        elif length == 127:
            length = struct.unpack(">Q", read_exact(sock, 8))[0]
        payload = read_exact(sock, length)
        if first & 0x0F in (0x1, 0x0):
            message += payload
            if first & 0x80:
                return message.decode()


class DevTools:
    def __init__(self, sock):
        self.sock = sock
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        ws_send(self.sock, json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            answer = json.loads(ws_receive(self.sock))
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise IOError("%s failed: %s" % (method, answer["error"]))
                return answer.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


def main():
    flags, url, condition, screenshot, timeout = sys.argv[1:6]
    deadline = time.monotonic() + float(timeout)
    chromium = subprocess.Popen(json.loads(flags) + ["--remote-debugging-port=%d" % DEBUG_PORT, "about:blank"],
                                stdout=subprocess.DEVNULL, stderr=sys.stderr)
    try:
        target = None
        while target is None:
            if time.monotonic() > deadline or chromium.poll() is not None:
                raise IOError("Chromium's DevTools did not come up")
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % DEBUG_PORT, timeout=2) as r:
                    pages = [t for t in json.load(r) if t.get("type") == "page"]
                    target = pages[0] if pages else None
            except OSError:
                pass
            if target is None:
                time.sleep(0.2)
        tools = DevTools(ws_connect(target["webSocketDebuggerUrl"]))
        tools.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
        tools.call("Page.navigate", url=url)
        held = False
        while time.monotonic() < deadline:
            if tools.evaluate("document.readyState === 'complete' && Boolean(%s)" % condition):
                held = True
                break
            time.sleep(0.25)
        print(tools.evaluate("document.documentElement.outerHTML"))
        shot = tools.call("Page.captureScreenshot", format="png")
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return 0 if held else 3
    finally:
        chromium.kill()
        chromium.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
