"""An outside STOMP client: Python's stomp.py (its own STOMP 1.2 protocol class and heart-beat
listener, at its default receive tolerance of 1.5 intervals) over websocket-client, since stomp.py
has no WebSocket transport. Driven by OutsideClientsTest; prints one JSON object per event.

usage: python3 stomp_py_client.py WS_URL ROOM NAME IDLE_SECONDS
"""
import json
import sys
import threading
import time
import urllib.parse

import stomp
import stomp.connect
import stomp.protocol
import stomp.transport
import websocket


def say(**event):
    print(json.dumps(event, separators=(",", ":")), flush=True)


class WebSocketTransport(stomp.transport.BaseTransport):
    """stomp.py's transport contract (attempt_connection, send, receive, ...) on a WebSocket."""

    def __init__(self, url):
        super().__init__(auto_decode=True)
        self.url = url
        self.ws = None
        self.lock = threading.Lock()
        self.vhost = None

    def attempt_connection(self):
        where = urllib.parse.urlsplit(self.url)
        self.current_host_and_port = (where.hostname, where.port)  # Protocol12 names it in CONNECT's host
        self.ws = websocket.create_connection(self.url)

    def is_connected(self):
        return self.connected and self.ws is not None and self.ws.connected

    def send(self, encoded_frame):
        with self.lock:
            self.ws.send(encoded_frame.decode("utf-8"))

    def receive(self):
        try:
            opcode, data = self.ws.recv_data()
        except (websocket.WebSocketConnectionClosedException, OSError):
            return b""
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            say(event="closed", code=code)
            return b""
        return data

    def disconnect_socket(self):
        self.running = False
        if self.ws is not None:
            self.ws.close()

    def cleanup(self):
        pass


class WebSocketConnection(stomp.connect.BaseConnection, stomp.protocol.Protocol12):
    def __init__(self, url, heartbeats):
        transport = WebSocketTransport(url)
        stomp.connect.BaseConnection.__init__(self, transport)
        stomp.protocol.Protocol12.__init__(self, transport, heartbeats)

    def connect(self, *args, **kwargs):
        self.transport.start()
        stomp.protocol.Protocol12.connect(self, *args, **kwargs)

    def disconnect(self, receipt=None, headers=None, **keyword_headers):
        stomp.protocol.Protocol12.disconnect(self, receipt, headers, **keyword_headers)
        if receipt is not None:
            self.transport.stop()


def main():
    url, room, name, idle_seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    destination = "/topic/room." + room
    pinged = threading.Event()
    unsubscribed = threading.Event()
    state = {"echoes": 0, "lost": False}

    class Listener(stomp.ConnectionListener):
        def on_connected(self, frame):
            say(event="connected", heartBeat=frame.headers.get("heart-beat"))

        def on_receipt(self, frame):
            rid = frame.headers.get("receipt-id")
            if rid == "sub-" + name:
                say(event="subscribed")
            elif rid == "unsub-" + name:
                unsubscribed.set()

        def on_error(self, frame):
            say(event="error", refusal=frame.headers.get("refusal"), message=frame.headers.get("message"))

        def on_message(self, frame):
            if frame.headers.get("relay-event"):
                return
            body = frame.body
            if body.startswith("pong-" + name) or body.startswith("after-idle-" + name):
                state["echoes"] += 1
                return
            say(event="received", body=body[:40])
            if body == "ping-" + name:
                pinged.set()

        def on_heartbeat_timeout(self):
            say(event="heartbeat-timeout")
            state["lost"] = True

        def on_disconnected(self):
            if not unsubscribed.is_set():
                state["lost"] = True

    conn = WebSocketConnection(url, heartbeats=(10000, 10000))
    conn.set_listener("test", Listener())
    conn.connect(wait=True, headers={"member": name})
    conn.subscribe(destination, id="1", ack="auto", headers={"receipt": "sub-" + name})
    if not pinged.wait(30):
        say(event="timeout", waiting="ping")
        sys.exit(2)
    conn.send(destination, "pong-" + name, content_type="text/plain")
    time.sleep(idle_seconds)
    if state["lost"]:
        say(event="lost")
        sys.exit(1)
    conn.send(destination, "after-idle-" + name, content_type="text/plain")
    conn.unsubscribe(id="1", headers={"receipt": "unsub-" + name})
    if not unsubscribed.wait(10):
        say(event="timeout", waiting="unsubscribe receipt")
        sys.exit(2)
    say(event="unsubscribed")
    conn.disconnect(receipt="bye-" + name)
    say(event="done", echoes=state["echoes"])


if __name__ == "__main__":
    main()
