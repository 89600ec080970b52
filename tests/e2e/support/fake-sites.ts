import { once } from "node:events";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/** Hosts the fake server answers for; AI hosts are real catalog hosts, the rest are not AI. */
export const FAKE_HOSTS = [
  "chatgpt.com",
  "chat.openai.com",
  "claude.ai",
  "gemini.google.com",
  "github.com",
  "huggingface.co",
  "example.com",
  "docs.example.com",
  // Not in the catalog: a company's own AI tool, added as a custom tool.
  "ai.intranet.example",
] as const;

/** A request the fake server saw. */
export interface SeenRequest {
  host: string;
  path: string;
  origin: string | undefined;
  userAgent: string | undefined;
}

/** A running fake-site server. */
export interface FakeSites {
  port: number;
  requests: SeenRequest[];
  /** `--host-resolver-rules` mapping every fake host here and every other host to nowhere. */
  hostResolverRules: string;
  close(): Promise<void>;
}

/**
 * A page that behaves like a single-page app: links that change the URL through
 * pushState, replaceState and the hash, without loading a new document.
 */
function page(host: string, path: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${host} test page</title></head>
<body><h1>${host}</h1><p id="path">${path}</p>
<p>Private canary text: CANARY-PAGE-TEXT-${host}</p>
<input id="prompt" value="CANARY-PROMPT">
<script>
  window.spa = {
    push: (p) => history.pushState({}, "", p),
    replace: (p) => history.replaceState({}, "", p),
    hash: (h) => { location.hash = h; },
  };
</script></body></html>`;
}

let certificate: Promise<{ private: string; cert: string }> | undefined;

/** Starts an HTTPS server that serves a test page for every fake host. */
export async function startFakeSites(): Promise<FakeSites> {
  certificate ??= generate([{ name: "commonName", value: "fake-ai-sites.test" }], {
    keyType: "ec",
    notAfterDate: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
    extensions: [{ name: "subjectAltName", altNames: FAKE_HOSTS.map((value) => ({ type: 2, value })) }],
  });
  const pems = await certificate;
  const requests: SeenRequest[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const path = req.url ?? "/";
    requests.push({ host, path, origin: req.headers.origin, userAgent: req.headers["user-agent"] });
    if (path === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(page(host, path));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const maps = FAKE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`);
  return {
    port,
    requests,
    hostResolverRules: [...maps, "MAP * ~NOTFOUND", "EXCLUDE localhost"].join(", "),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
