/**
 * Maps a request for the app's own pages to a file in the built renderer folder (dist/renderer),
 * refusing anything that would leave it; and the content type to serve it with. Pure: used by the
 * app:// protocol handler and the e2e static server.
 */
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/**
 * The absolute file for a URL path such as `/index.html` or `/app.js` below `rootDir`; `/` means
 * index.html. Returns null for traversal (`..`), encoded separators, NUL or an unknown file type.
 */
export function resolveStaticFile(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /%2f|%5c/i.test(urlPathname)) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((part) => part === '..' || part === '.')) return null;
  const root = normalize(rootDir.endsWith(sep) ? rootDir : rootDir + sep);
  const full = normalize(join(root, relative));
  if (!full.startsWith(root)) return null;
  if (contentTypeFor(full) === null) return null;
  return full;
}

/** The Content-Type for a file name by its extension, or null when the app serves no such type. */
export function contentTypeFor(path: string): string | null {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? null;
}
