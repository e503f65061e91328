# An OTLP/HTTP receiver that takes every export and keeps nothing: the far end of the platform's
# telemetry in load/bench/telemetry, so that the platform pays for its exports as it would in
# production (spans and metrics serialised and sent) without a collector on the machine.
import http.server
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
