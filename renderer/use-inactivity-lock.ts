/**
 * The renderer's half of the inactivity lock: keyboard, pointer and wheel activity postpones it
 * (and is reported to the main process at most every 15 s, so that its own check agrees); after
 * `minutes` without activity the session is locked (`session.lock`, access-logged) and `onLocked`
 * shows the lock screen. The main process refuses record calls while locked, whatever this does.
 */
import { useEffect, useRef } from 'react';
import { krp } from './bridge';

const PING_EVERY_MS = 15_000;
const EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

export function useInactivityLock(active: boolean, minutes: number, onLocked: () => void): void {
  const locked = useRef(onLocked);
  locked.current = onLocked;
  useEffect(() => {
    if (!active) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastPing = 0;
    const lockNow = () => {
      void krp().session.lock({ cause: 'inactivity' }).catch(() => undefined).then(() => locked.current());
    };
    const arm = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(lockNow, minutes * 60_000);
    };
    const onActivity = () => {
      arm();
      const now = Date.now();
      if (now - lastPing >= PING_EVERY_MS) {
        lastPing = now;
        void krp().session.activity({}).catch(() => undefined);
      }
    };
    arm();
    for (const name of EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const name of EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [active, minutes]);
}
