"""asyncio echo servers for Weft's network benchmarks.

usage: python3 py_echo.py PORT streams|protocol [uvloop]     (binds 127.0.0.1; prints "ready")
streams: asyncio.start_server, read(64 KiB) / write / drain per connection (the asyncio streams API).
protocol: an asyncio.Protocol whose data_received writes the bytes back (the transport layer).
"""
import asyncio
import socket
import sys


async def echo_stream(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def main(port, kind):
    loop = asyncio.get_running_loop()
    if kind == "streams":
        server = await asyncio.start_server(echo_stream, "127.0.0.1", port, backlog=4096, limit=1 << 20)
    else:
        server = await loop.create_server(EchoProtocol, "127.0.0.1", port, backlog=4096)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
