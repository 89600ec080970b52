import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { FAKE_HOSTS } from "../../e2e/support/fake-sites";

/** A connection the browser asked the proxy for. */
export interface ProxiedRequest {
  /** `host:port` of a CONNECT, or the URL of a plain HTTP request. */
  target: string;
  /** Whether it went to the fake sites (a fake AI host on 443), or was refused. */
  served: boolean;
}

/** The proxy every request of the test Firefox goes through. */
export interface SiteProxy {
  port: number;
  /** Every connection the browser asked for, in order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Firefox has no `--host-resolver-rules`. Instead, every request of the test browser goes
 * through this local proxy (set in its preferences, see firefox-session.ts): a CONNECT to a
 * fake host on port 443 is tunnelled to the fake HTTPS server, so the page keeps its real
 * hostname (`https://chatgpt.com/`) and the extension matches it as it would in use.
 * Anything else is refused and recorded, which also makes the proxy a witness of every
 * connection the browser attempts. Listening on loopback only.
 */
export async function startSiteProxy(fakeSitesPort: number): Promise<SiteProxy> {
  const requests: ProxiedRequest[] = [];
  const hosts = new Set<string>(FAKE_HOSTS);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push({ target: req.url ?? "", served: false });
    res.writeHead(502, { "content-type": "text/plain" }).end("Refused by the test proxy");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    const [host, port] = target.split(":");
    const served = port === "443" && host !== undefined && hosts.has(host);
    requests.push({ target, served });
    if (!served) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = connect(fakeSitesPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
