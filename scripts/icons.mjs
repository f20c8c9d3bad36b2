// Draws the tab bar's PNG icons (WeChat's tabBar takes image files, not SVG) from the same SVG
// icons the pages draw (miniprogram/src/components/Icon/icons.json). There is no SVG converter on
// the build machines, so Chromium renders them (playwright-core + /usr/bin/chromium, as the e2e
// tests do). The PNGs are committed: a build never needs this script. Run: node scripts/icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const icons = JSON.parse(readFileSync(path.join(root, 'miniprogram/src/components/Icon/icons.json'), 'utf8'));
const out = path.join(root, 'miniprogram/src/assets/tab');
/** tab page → icon; WeChat's recommended tab icon size is 81 × 81 px. */
const TABS = { home: 'home', wishes: 'wish', inbox: 'bell', me: 'person' };
const COLORS = { '': '#454545', '-on': '#b3141b' };
const SIZE = 81;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  for (const [tab, icon] of Object.entries(TABS)) {
    for (const [suffix, color] of Object.entries(COLORS)) {
      const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='${SIZE}' height='${SIZE}' viewBox='0 0 48 48' fill='none' stroke='${color}' stroke-width='3.4' stroke-linecap='round' stroke-linejoin='round'>${icons[icon]}</svg>`;
      // Drawn on a canvas inside the page: no screenshot, so no wait for a compositor frame.
      const dataUrl = await page.evaluate(async ({ svg, size }) => {
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = size;
        canvas.height = size;
        canvas.getContext('2d').drawImage(img, 0, 0, size, size);
        return canvas.toDataURL('image/png');
      }, { svg, size: SIZE });
      const dest = path.join(out, `${tab}${suffix}.png`);
      writeFileSync(dest, Buffer.from(dataUrl.split(',')[1], 'base64'));
      console.log(path.relative(root, dest));
    }
  }
} finally {
  await browser.close();
}
