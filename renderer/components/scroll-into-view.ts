/**
 * Brings what the physician must look at next into view: a form when it opens (so its 27 score
 * items are on screen, not below the fold) and a refusal or error when it appears. Only scrolls
 * when `when` turns true (or on mount for a form), never while the user is typing.
 */
import { useEffect, type RefObject } from 'react';

export function useScrollIntoView(ref: RefObject<HTMLElement | null>, when: unknown, block: ScrollLogicalPosition = 'nearest'): void {
  useEffect(() => {
    if (when) ref.current?.scrollIntoView({ block, behavior: 'auto' });
  }, [when]); // eslint-disable-line react-hooks/exhaustive-deps
}
