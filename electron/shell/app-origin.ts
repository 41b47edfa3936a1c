/**
 * The app's own origin: the renderer is served from `app://krp/` (a privileged, standard, secure
 * custom scheme), never from file:// or http.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'krp';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page of the app itself (app://krp/...); used to trust IPC senders. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
