"""Imported by the load scripts' Python parts: a process's resident memory and one
HTTP/1.1 exchange over a socket kept alive, read to the end of its Content-Length."""
import socket


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    raise SystemExit(f"no VmRSS for process {pid}")


def exchange(sock: socket.socket, request: bytes, who: str) -> bytes:
    sock.sendall(request)
    got = b""
    while True:
        end = got.find(b"\r\n\r\n")
        if end >= 0:
            length = int(got.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            if len(got) >= end + 4 + length:
                return got
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit(f"{who}: the server closed the connection")
        got += chunk
