/**
 * The preload (sandboxed, context-isolated): exposes exactly one object, `window.krp`, built from
 * the contract by shared/api/bridge.ts. The page never sees ipcRenderer; it can only call the
 * contract's methods and subscribe to its events.
 *
 * One small extra outside the invoke contract: `window.krpFiles.pathForFile(file)` gives the local
 * path of a file dropped on the page (Electron's webUtils.getPathForFile; the sandboxed page
 * cannot learn it otherwise). It reads nothing and sends nothing; the path then goes through the
 * contract (imaging.inspect / imaging.analyze) like a path from the open dialog.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api';
import { buildBridge } from '../shared/api/bridge';
import type { Envelope } from '../shared/api/envelope';

const bridge = buildBridge({
  invoke: (method, args) => ipcRenderer.invoke(INVOKE_CHANNEL, method, args) as Promise<Envelope>,
  subscribe(event, listener) {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => { ipcRenderer.removeListener(EVENT_CHANNEL, handler); };
  },
});

contextBridge.exposeInMainWorld('krp', bridge);

contextBridge.exposeInMainWorld('krpFiles', {
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
