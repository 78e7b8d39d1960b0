// Serves wasm/ (the package, the worker glue and the demo page) on localhost, with the
// COOP/COEP headers that make the page cross-origin isolated, so the multi-threaded build
// is used. Usage: node wasm/demo/serve.mjs [--port N] [--no-isolation]
// Also imported by the browser tests and the benchmark: `serve({ port, isolated })`.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css",
};

/** Starts the server; resolves to `{ url, close }`. Port 0 picks a free port. */
export function serve({ port = 8080, isolated = true } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(ROOT, path.endsWith("/") ? join(path, "index.html") : path);
    const headers = { "Cache-Control": "no-store" };
    if (isolated) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
    if (!file.startsWith(ROOT) || file.split(sep).includes("node_modules")) {
      res.writeHead(403, headers).end("forbidden");
      return;
    }
    try {
      const body = await readFile(file);
      headers["Content-Type"] = TYPES[extname(file)] ?? "application/octet-stream";
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, headers).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ url, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = args.includes("--port") ? Number(args[args.indexOf("--port") + 1]) : 8080;
  const { url } = await serve({ port, isolated: !args.includes("--no-isolation") });
  console.log(`zkcomply browser demo: ${url}demo/ (Ctrl-C to stop)`);
}
