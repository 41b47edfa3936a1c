/**
 * A tiny static server for the built renderer (dist/renderer) on 127.0.0.1, sending the same
 * Content-Security-Policy and security headers as the app:// protocol handler, and mapping URLs
 * to files with the same pure function.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECURITY_HEADERS } from '../../electron/shell/content-security-policy';
import { contentTypeFor, resolveStaticFile } from '../../electron/shell/static-files';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `rootDir` on a free loopback port. */
export async function serveStatic(rootDir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = resolveStaticFile(rootDir, path);
    if (req.method !== 'GET' || file === null) { res.writeHead(404).end(); return; }
    readFile(file).then(
      (body) => { res.writeHead(200, { 'Content-Type': contentTypeFor(file)!, ...SECURITY_HEADERS, 'Cache-Control': 'no-store' }).end(body); },
      () => { res.writeHead(404).end(); },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
