/**
 * Layout checks run in the page: nothing scrolls sideways (the document, the app's scroll frame,
 * any card or table wrapper) and no text is clipped (an element that hides overflow while its
 * content is wider or taller than its box; text outside the window). Ellipsis cells that carry
 * the full text in a title attribute are clipped by design and allowed.
 */
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  kind: 'page-scrolls-sideways' | 'box-scrolls-sideways' | 'text-clipped' | 'text-off-window';
  where: string;
  detail: string;
}

/** Every layout problem on the page as now shown (empty when it fits). */
export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(() => {
    // tsx (esbuild keepNames) wraps inner functions in __name(), which the page does not define.
    (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
    const problems: { kind: string; where: string; detail: string }[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.id;
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id ? `#${id}` : ''}${cls} "${text}"`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push({ kind: 'page-scrolls-sideways', where: 'document', detail: `${doc.scrollWidth} > ${window.innerWidth}` });
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!(el instanceof HTMLElement) || el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      if (el.closest('canvas, svg, .snapshot-source, .sr-only, input, select, textarea, option')) continue;
      const style = getComputedStyle(el);
      const byDesign = style.textOverflow === 'ellipsis' && (el.title !== '' || el.closest('[title]') !== null);
      const hidesX = style.overflowX !== 'visible';
      if (hidesX && el.scrollWidth > el.clientWidth + 1 && !byDesign) {
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        problems.push({ kind: scrolls ? 'box-scrolls-sideways' : 'text-clipped', where: describe(el), detail: `${el.scrollWidth} > ${el.clientWidth}` });
      }
      const hidesY = style.overflowY === 'hidden' || style.overflowY === 'clip';
      if (hidesY && el.scrollHeight > el.clientHeight + 2 && el.textContent?.trim() && !byDesign && !el.classList.contains('report-page')) {
        problems.push({ kind: 'text-clipped', where: describe(el), detail: `height ${el.scrollHeight} > ${el.clientHeight}` });
      }
      // A leaf with text whose box ends beyond the window's right edge.
      if (el.children.length === 0 && (el.textContent ?? '').trim() !== '') {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > window.innerWidth + 1 && !el.closest('.snapshot-source')) {
          problems.push({ kind: 'text-off-window', where: describe(el), detail: `right ${Math.round(r.right)} > ${window.innerWidth}` });
        }
      }
    }
    return problems as never;
  });
}
