/** The one application window, loaded from app://krp/ with the secure web preferences. */
import { BrowserWindow } from 'electron';
import { APP_START_URL } from './app-origin';
import { secureWebPreferences } from './web-preferences';

/** Creates and shows the window; `devTools` only in development builds. */
export function createMainWindow(preloadPath: string, options: { devTools: boolean; title: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1320,
    height: 880,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: options.title,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, { devTools: options.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}
