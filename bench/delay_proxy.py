#!/usr/bin/python3
"""bench/delay_proxy.py LISTEN-PORT TARGET-PORT DELAY - a TCP proxy on
127.0.0.1 that holds every chunk the server sends back for DELAY seconds
before passing it on: Postfix's smtp-sink (which answers at once and takes
whole seconds only for its own -w/-W delays) with the latency of a relay
that looks up the recipient and writes its queue file before it answers.
An SMTP client without pipelining has one reply outstanding at a time, so
each of its round trips (greeting, EHLO, MAIL, RCPT, DATA, end of data)
takes DELAY longer. The client's bytes pass at once. Prints "ready" once
listening. For bench/send_dkim; not a test helper.
"""
import asyncio
import sys


async def pipe(reader, writer, delay):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if delay:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main():
    listen, target, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])

    async def handle(creader, cwriter):
        try:
            sreader, swriter = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(pipe(creader, swriter, 0), pipe(sreader, cwriter, delay))

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
