import type { Page } from 'playwright-core';
import { goto, see, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';

/** Smallest tap target in large-text mode, in CSS pixels (above WeChat's and WCAG's 44 px: 适老化 asks for 48). */
export const MIN_TAP_PX = 48;
/** Smallest line height relative to the font size (DESIGN.md, 适老化). */
export const MIN_LINE_HEIGHT = 1.3;
/** WCAG AA contrast: 4.5:1 for text, 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold). */
export const MIN_CONTRAST = 4.5;
export const MIN_CONTRAST_LARGE = 3;

export interface LayoutProblem {
  kind: 'overlap' | 'cut' | 'off-screen' | 'line-height' | 'tap-target' | 'contrast';
  text: string;
  detail: string;
}

/**
 * Reads the rendered page and lists what an elderly reader would trip over: text lines that
 * overlap other text, text clipped by its box or pushed off the screen, line height below 1.3,
 * tap targets smaller than 44 px, and text below WCAG AA contrast against the background it sits on.
 * Runs inside the page (no app code involved).
 */
export function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(
    ({ minTap, minLineHeight, minContrast, minContrastLarge }) => {
      const problems: { kind: string; text: string; detail: string }[] = [];
      const vw = document.documentElement.clientWidth;
      const shown = (el: Element): boolean => {
        for (let e: Element | null = el; e; e = e.parentElement) {
          const cs = getComputedStyle(e);
          if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
        }
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      const fixedRoot = (el: Element): Element | null => {
        for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return e;
        return null;
      };
      const label = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 30);
      /** The part of a line a reader can see: inside every ancestor that clips or scrolls. */
      const visiblePart = (el: Element, rect: DOMRect): DOMRect | null => {
        let { left, top, right, bottom } = rect;
        for (let e: Element | null = el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
          const c = e.getBoundingClientRect();
          left = Math.max(left, c.left);
          top = Math.max(top, c.top);
          right = Math.min(right, c.right);
          bottom = Math.min(bottom, c.bottom);
        }
        return right - left > 1 && bottom - top > 1 ? new DOMRect(left, top, right - left, bottom - top) : null;
      };

      // Every visible text node, with its line boxes.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const lines: { text: string; rect: DOMRect; el: Element; fixed: Element | null }[] = [];
      const textElements = new Set<Element>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || !shown(el)) continue;
        if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
        textElements.add(el);
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const full of Array.from(range.getClientRects())) {
          if (full.width < 1 || full.height < 1) continue;
          if (full.right > vw + 1 || full.left < -1) problems.push({ kind: 'off-screen', text: label(n.textContent), detail: `${Math.round(full.left)}–${Math.round(full.right)} of ${vw}` });
          const rect = visiblePart(el, full);
          if (rect) lines.push({ text: label(n.textContent), rect, el, fixed: fixedRoot(el) });
        }
      }

      // Lines of different text nodes must not overlap (a fixed bar only against its own subtree).
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
          const a = lines[i]!;
          const b = lines[j]!;
          if (a.fixed !== b.fixed) continue;
          const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
          const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
          if (w > 2 && h > 2 && a.el !== b.el) problems.push({ kind: 'overlap', text: `${a.text} ⟷ ${b.text}`, detail: `${Math.round(w)}×${Math.round(h)} px` });
        }
      }

      for (const el of textElements) {
        const cs = getComputedStyle(el);
        // Text clipped by its own box or by a clipping ancestor.
        for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
          const s = getComputedStyle(e);
          const clipsX = ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
          const clipsY = ['hidden', 'clip'].includes(s.overflowY);
          if ((clipsX && e.scrollWidth > e.clientWidth + 1) || (clipsY && e.scrollHeight > e.clientHeight + 1)) {
            problems.push({ kind: 'cut', text: label(el.textContent ?? ''), detail: `${e.tagName.toLowerCase()}.${(e.className || '').toString().split(' ')[0]} ${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight}` });
            break;
          }
        }
        const fs = parseFloat(cs.fontSize);
        // Contrast of the text colour over the first opaque background behind it (images ignored).
        const rgba = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = ([r, g, b]: number[]): number => {
          const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
        };
        let bg: number[] | null = [255, 255, 255];
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          // A gradient or image behind the text cannot be judged from colours alone: skip it.
          if (s.backgroundImage !== 'none') {
            bg = null;
            break;
          }
          const c = rgba(s.backgroundColor);
          if (c.length >= 3 && (c.length < 4 || c[3]! >= 0.99)) {
            bg = c.slice(0, 3);
            break;
          }
        }
        // WCAG exempts inactive controls, but only those the app marked inactive itself: the host
        // `disabled` attribute is not evidence (React writes disabled="false" on custom elements).
        // A button's label is never exempt: it must reach 4.5:1 whether the button is on or off.
        const button = el.closest('taro-button-core, button, .nut-button');
        const inactive = !button && el.closest('[aria-disabled="true"], .qy-btn--off, .nut-button-disabled') !== null;
        const fg = rgba(cs.color);
        // A faded ancestor (opacity) fades the text too: count it, or a 60 % button passes.
        let faded = 1;
        for (let e: Element | null = el; e; e = e.parentElement) faded *= Number(getComputedStyle(e).opacity);
        const alpha = (fg.length >= 4 ? fg[3]! : 1) * faded;
        if (bg && !inactive) {
          const under = bg;
          const seen = fg.slice(0, 3).map((v, i) => v * alpha + under[i]! * (1 - alpha));
          const [hi, lo] = [luminance(seen), luminance(under)].sort((x, y) => y - x);
          const contrast = (hi! + 0.05) / (lo! + 0.05);
          const large = !button && (fs >= 24 || (fs >= 18.66 && Number(cs.fontWeight) >= 700));
          if (contrast < (large ? minContrastLarge : minContrast) - 0.01) {
            problems.push({ kind: 'contrast', text: label(el.textContent ?? ''), detail: `${contrast.toFixed(2)}:1 (${cs.color} on rgb(${under.join(', ')}))` });
          }
        }
        // 'normal' is about 1.2 in common CJK fonts: below the bar as well.
        const ratio = cs.lineHeight === 'normal' ? 1.2 : parseFloat(cs.lineHeight) / fs;
        if (ratio < minLineHeight - 0.01) {
          problems.push({ kind: 'line-height', text: label(el.textContent ?? ''), detail: `${cs.lineHeight} at ${fs.toFixed(1)} px = ${ratio.toFixed(2)}` });
        }
      }

      const targets = document.querySelectorAll('taro-button-core, button, [role="radio"], [role="switch"], .qy-tile, .qy-chip');
      for (const t of Array.from(targets)) {
        if (!shown(t)) continue;
        const r = t.getBoundingClientRect();
        if (r.height < minTap - 0.5 || r.width < minTap - 0.5) {
          problems.push({ kind: 'tap-target', text: label(t.textContent ?? ''), detail: `${Math.round(r.width)}×${Math.round(r.height)} px` });
        }
      }
      return problems;
    },
    { minTap: MIN_TAP_PX, minLineHeight: MIN_LINE_HEIGHT, minContrast: MIN_CONTRAST, minContrastLarge: MIN_CONTRAST_LARGE },
  ) as Promise<LayoutProblem[]>;
}

/** Narrow phones are where large text breaks first; elderly residents often have old ones. */
export const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
];

export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

/** The page as it stands, at each phone width, has none of the problems layoutProblems lists. */
export async function expectReadable(page: Page, where: string): Promise<void> {
  await settle(page);
  expect(await page.locator('.qy-page.qy-large >> visible=true').count()).toBeGreaterThan(0);
  for (const size of PHONES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    expect({ where, width: size.width, problems: await layoutProblems(page) }).toEqual({ where, width: size.width, problems: [] });
  }
  await page.setViewportSize(PHONES[0]!);
}

/** The base font size of the page on screen (Taro's h5 router keeps earlier pages, hidden). */
async function pageFontPx(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const shown = Array.from(document.querySelectorAll('.qy-page')).find((el) => (el as HTMLElement).offsetParent !== null);
    const px = shown ? parseFloat(getComputedStyle(shown).fontSize) : NaN;
    return Number.isNaN(px) ? null : px;
  });
  return (await handle.jsonValue()) as number;
}

/** Turns 大字模式 on from the me page and checks the text really grew. */
export async function turnOnLargeText(e: E2E, page: Page): Promise<void> {
  await goto(e, page, ROUTES.me.url());
  await see(page, '大字模式');
  const before = await pageFontPx(page);
  await page.locator('taro-switch-core >> visible=true').first().click();
  await page.locator('.qy-page.qy-large >> visible=true').first().waitFor();
  expect(await pageFontPx(page)).toBeGreaterThan(before * 1.15);
}

export interface TextProblem {
  kind: 'code' | 'iso-date' | 'doubled' | 'english' | 'blank';
  text: string;
}

/**
 * Visible text a person should never read: ASCII codes and ids (wishes.confirm, h-fengfang-1-01,
 * JC-01), ISO dates (2026-12-02), a word doubled by string building (纠纷纠纷), and English that
 * leaked from a library or a template (Required, NaN, undefined); and a blank page (no visible text
 * at all: a page that waits for a parameter it was not given). Runs inside the page.
 */
export function textProblems(page: Page): Promise<TextProblem[]> {
  return page.evaluate(() => {
    const found: { kind: string; text: string }[] = [];
    const shown = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden') return false;
      }
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName) || !n.textContent?.trim() || !shown(el)) continue;
      texts.push(n.textContent.trim());
    }
    for (const el of Array.from(document.querySelectorAll('input, textarea'))) {
      if (shown(el)) texts.push((el as HTMLInputElement).placeholder || '');
    }
    const rules: [string, RegExp][] = [
      ['iso-date', /\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-\d{2}\b/],
      ['code', /\b[a-z]+\.[a-z][A-Za-z]+\b|\b[a-z]+(-[a-z0-9]+){2,}\b|\b[A-Z]{2}-\d{2}\b/],
      ['doubled', /([\u4e00-\u9fa5]{2})\1/],
      ['english', /\b(Required|NaN|undefined|null|Invalid|Expected)\b/],
    ];
    for (const t of texts) {
      for (const [kind, re] of rules) if (re.test(t)) found.push({ kind, text: t.slice(0, 40) });
    }
    if (!texts.some((t) => t.trim() !== '')) found.push({ kind: 'blank', text: location.hash.slice(0, 40) });
    return found;
  }) as Promise<TextProblem[]>;
}
