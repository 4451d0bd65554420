import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

/**
 * What a room reads off a projector, checked on the page as rendered: every piece of text an audience must
 * read is at least 18 px at 1280×720 (and grows with the screen), nothing is cut off, and no heading or tile
 * breaks a word across lines.
 */

/** The smallest type an audience must read, at 1280×720; at other sizes scaled as the layouts scale. */
export const MIN_AUDIENCE_PX = 18;

/**
 * Text for the person at the keyboard, not the room, and so allowed smaller, deliberately:
 * - the presenter's toolbar and the speaker's scene buttons (controls with their key hints);
 * - the dashboard's top bar but its title (links, stream and component chips, route choosers, faults), its
 *   control bar, its crash buttons and its links out to Prometheus: the dashboard is run from the laptop,
 *   and the numbers and charts it controls are what the room reads;
 * - `kbd`-style key hints anywhere, and text kept for screen readers only;
 * - a worker's process id beside its slot in a legend: the room follows w1…wN, the pid is for whoever asks;
 * - the scene preview in the speaker view (another page, scaled down: its own walk checks it full size).
 */
export const CONTROL_ONLY = [
  '[data-testid="presenter-toolbar"]',
  '.speaker-jump',
  '.speaker-clock .tool',
  '.topbar > :not(h1)',
  '[data-testid="controls"]',
  '.panel-head .button',
  '.prom-link',
  '.worker-chips',
  '.key',
  '.visually-hidden',
  '.legend [data-pid]',
  '[data-testid="scene-preview"]',
].join(', ');

/** Headings and tiles: they may wrap between words where they must, never inside a word. */
const WHOLE_WORDS = 'h1, h2, h3, th, .figure-value, .figure-label, .chart-title, .basics-value';
/** Tile labels: each line of one on one line (a label may be two lines by design, never by wrapping). */
const ONE_LINE = '.figure-label';

export interface TextProblem {
  text: string;
  /** The element's tag and classes, to find it in the code. */
  where: string;
  detail: string;
}

/**
 * Everything on the page that breaks the projector rules at this viewport, for `expect(...).toEqual([])`:
 * text under `minPx`, text cut off by its box (overflow hidden or an ellipsis), words broken across lines.
 */
export async function projectorProblems(page: Page, minPx: number): Promise<TextProblem[]> {
  return page.evaluate(
    ({ minPx, skip, wholeWords, oneLine }) => {
      const problems: { text: string; where: string; detail: string }[] = [];
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')}${
          el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''
        }`;
      const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s).replace(/\s+/g, ' ').trim();
      const inView = (r: DOMRect) =>
        r.width > 1 &&
        r.height > 1 &&
        r.bottom > 0 &&
        r.right > 0 &&
        r.top < innerHeight &&
        r.left < innerWidth;

      const lineTops = (node: Text, start: number, end: number): number[] => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, end);
        const tops = [...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => Math.round(r.top));
        return [...new Set(tops)];
      };

      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const text = node.data;
        if (text.trim() === '') continue;
        // An SVG <text> is a parent too, which parentElement's type leaves out.
        const el = node.parentNode instanceof Element ? node.parentNode : null;
        if (el === null || el.closest(skip) !== null) continue;
        if (el.closest('script, style, noscript, title, desc') !== null) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if (![...range.getClientRects()].some(inView)) continue;

        // SVG text is drawn at its font size times the scale the SVG is drawn at.
        let px = parseFloat(getComputedStyle(el).fontSize);
        if (el instanceof SVGGraphicsElement) {
          const ctm = el.getScreenCTM();
          if (ctm) px *= Math.hypot(ctm.a, ctm.b);
        }
        if (px < minPx - 0.05)
          problems.push({ text: short(text), where: describe(el), detail: `${px.toFixed(1)} px` });

        const words = el.closest(wholeWords);
        if (words !== null) {
          for (const match of text.matchAll(/\S+/g)) {
            const tops = lineTops(node, match.index, match.index + match[0].length);
            if (tops.length > 1)
              problems.push({ text: short(text), where: describe(words), detail: `"${match[0]}" broken` });
          }
        }
        const tile = el.closest(oneLine);
        if (tile !== null) {
          const tops = lineTops(node, 0, text.length);
          if (tops.length > 1)
            problems.push({ text: short(text), where: describe(tile), detail: `${tops.length} lines` });
        }

        // Cut off: the text's own box, or any box around it that hides what overflows, or an ellipsis.
        for (let box: Element | null = el; box !== null && box !== document.body; box = box.parentElement) {
          const style = getComputedStyle(box);
          // What a box scrolls is there to scroll to (the deployment's manifests), not cut off.
          if (/auto|scroll/.test(style.overflowX + style.overflowY)) break;
          // Paint containment cuts at the box's edge as overflow: hidden does.
          const paint = /paint|strict|content/.test(style.contain);
          const hidesX = paint || style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
          const hidesY = paint || style.overflowY === 'hidden' || style.overflowY === 'clip';
          // Only text that lies outside the box is cut: a box may hide what overflows it and still hold it.
          if (!hidesX && !hidesY) continue;
          const b = box.getBoundingClientRect();
          // A glyph box is taller than a tight line (line-height 1.1): vertically, a third of the font size
          // past the edge is still whole text.
          const slack = px / 3;
          const outside = [...range.getClientRects()].some(
            (r) =>
              r.width > 0.5 &&
              ((hidesX && (r.right > b.right + 1 || r.left < b.left - 1)) ||
                (hidesY && (r.bottom > b.bottom + slack || r.top < b.top - slack))),
          );
          // An ellipsis is drawn as soon as the text passes the content box, by however little.
          const ellipsis = style.textOverflow === 'ellipsis' && box.scrollWidth > box.clientWidth;
          if (outside || ellipsis) {
            problems.push({ text: short(text), where: describe(box), detail: 'cut off' });
            break;
          }
        }
      }
      return problems;
    },
    {
      minPx,
      skip: CONTROL_ONLY,
      wholeWords: WHOLE_WORDS,
      oneLine: ONE_LINE,
    },
  );
}

/** 18 px at 1280×720, scaled with the smaller of the two ratios, as every page's type scales. */
export function minAudiencePx(width: number, height: number): number {
  return MIN_AUDIENCE_PX * Math.min(1, Math.min(width / 1280, height / 720));
}

/** Checks the projector rules at the page's current viewport. */
export async function expectProjectorReadable(page: Page): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 720 };
  expect(await projectorProblems(page, minAudiencePx(width, height))).toEqual([]);
}

/** A screenshot under test-results/<folder>/<name>-<width>x<height>.png. */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  folder: string,
  name: string,
): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, folder, `${name}-${width}x${height}.png`),
  });
}
