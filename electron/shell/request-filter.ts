/**
 * Offline by construction: the decision for every request the renderer's session makes.
 * Allowed: the app's own scheme (app://krp/), `data:` and `blob:` URLs. Everything else
 * (http, https, ws, file, ftp, chrome-extension, devtools, other custom schemes...) is cancelled.
 */
import { APP_HOST, APP_SCHEME } from './app-origin';

export type RequestDecision = 'allow' | 'cancel';

/** Decides one request URL; malformed URLs are cancelled. */
export function decideRequest(url: string): RequestDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'cancel';
  }
  switch (parsed.protocol) {
    case 'data:':
      return 'allow';
    case 'blob:':
      // blob:app://krp/<uuid> — only blobs minted by the app's own origin.
      return parsed.pathname.toLowerCase().startsWith(`${APP_SCHEME}://${APP_HOST}/`) ? 'allow' : 'cancel';
    case `${APP_SCHEME}:`:
      return parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '' ? 'allow' : 'cancel';
    default:
      return 'cancel';
  }
}
