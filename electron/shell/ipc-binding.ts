/**
 * Binds the contract to Electron IPC: one `ipcMain.handle` channel whose calls go through the
 * shared dispatcher (sender check, method check, argument parse, then the handler). A call counts
 * as trusted only from the main frame of the app's own window showing an app://krp/ page.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type EventName, type KrpEvents } from '../../shared/api';
import { createDispatcher, type ApiHandlers } from '../../shared/api/dispatch';
import { isAppUrl } from './app-origin';

/** The URL of the frame that sent the call, or null when it is not our window's main frame. */
export function senderUrlOf(event: IpcMainInvokeEvent, window: BrowserWindow | null): string | null {
  if (window === null || window.isDestroyed()) return null;
  if (event.sender.id !== window.webContents.id) return null;
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  if (frame === null || frame.processId !== main.processId || frame.routingId !== main.routingId) return null;
  return frame.url;
}

/** Installs the handler; returns the function that removes it (on quit). */
export function bindIpc(handlers: ApiHandlers, getWindow: () => BrowserWindow | null, log: (message: string) => void): () => void {
  const dispatch = createDispatcher(handlers, {
    isTrustedSender: isAppUrl,
    onInternalError: (method, error) => log(`ipc ${method}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, args: unknown) => dispatch(method, args, senderUrlOf(event, getWindow())));
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** Pushes one contract event to the window (no-op when it is gone). */
export function emitEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: KrpEvents[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
}
