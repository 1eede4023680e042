import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DemoSeeder } from '../../../src/seed/demo-seeder';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accessibilityProblems, installAxe } from './accessibility';
import { tableCellsScript } from './table-cells';

/**
 * The browser suite's support: Debian's Chromium driven by playwright-core (nothing here ever
 * downloads a browser), the real app listening on a free port, and a Journey that checks every
 * page a person visits at 375 px (no sideways scrolling, every field labelled, no script or
 * console errors, every table cell whole on the screen, no serious or critical axe-core
 * violation — the last two at desktop width as well) and writes a screenshot of each step to
 * test-output/screenshots/<journey>/.
 */

export const ROOT_DIR = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-output', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The flags of STACK-NOTES.md ("Browser"): headless, sandbox-less in containers, quiet (no network of its own). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** A phone (iPhone X class): what school purchasing officers use, often inside WeChat. */
export const PHONE = { width: 375, height: 812 };
/** An office computer: the organiser's desk. */
export const DESKTOP = { width: 1280, height: 800 };
const INSTALL_HINT = 'sudo apt-get install -y chromium fonts-wqy-microhei   (or set CHROMIUM_PATH to a Chromium binary)';

const isCI = (): boolean => ['true', '1', 'yes'].includes((process.env.CI ?? '').toLowerCase());

export function chromiumAvailable(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * describe() for a browser journey. Without Chromium: on CI (CI=true) the suite fails with the
 * fix; on a developer machine it is skipped, loudly, with the command that installs it.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable()) {
    describe(name, body);
    return;
  }
  if (isCI()) {
    describe(name, () => {
      it('needs Chromium (CI=true: the browser suite must run, not be skipped)', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: ${INSTALL_HINT}`);
      });
    });
    return;
  }
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      `!! BROWSER TESTS SKIPPED: "${name}"`,
      `!! Chromium was not found at ${CHROMIUM_PATH}.`,
      `!! Install it (Debian/Ubuntu): ${INSTALL_HINT}`,
      '!! On CI (CI=true) these tests fail instead of being skipped.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
  // Skipped only on a developer machine without Chromium (warned above); with CI=true the
  // suite was registered above as a failing test instead, so CI never skips the journeys.
  describe.skip(name, body);
}

export interface RunningApp {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real app (createTestApp) on a fresh database, listening on a free port; with the demo data by default. */
export async function startApp({ demo = true }: { demo?: boolean } = {}): Promise<RunningApp> {
  const t = await createTestApp();
  if (demo) await t.app.get(DemoSeeder).seed();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.http.address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

/** A small, valid PNG (solid colour, a lighter band across): a product photo as far as the app can tell. */
export function tinyPng(width = 96, height = 72, rgb: [number, number, number] = [0x7c, 0xb3, 0x42]): Buffer {
  const { crc32, deflateSync } = require('node:zlib') as typeof import('node:zlib');
  const row = Buffer.alloc(1 + width * 3);
  const raw = Buffer.concat(
    Array.from({ length: height }, (_, y) => {
      const r = Buffer.from(row);
      const band = y > height / 3 && y < (2 * height) / 3;
      for (let x = 0; x < width; x++) rgb.forEach((v, c) => (r[1 + x * 3 + c] = band ? Math.min(255, v + 80) : v));
      return r;
    }),
  );
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** "¥12,345.60" → 1234560 (fen). */
export function fenFrom(text: string): number {
  const m = /(-?)¥([\d,]+)\.(\d\d)/.exec(text);
  if (!m) throw new Error(`no amount in “${text}”`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]));
}

/**
 * Runs in the page (a string, so that nothing of the test's transpiled code leaks into it):
 * horizontal overflow at the current width, form fields without a label, fields in error
 * without their message.
 */
const auditScript = (expectedWidth: number) => `(() => {
  const problems = [];
  const limit = ${expectedWidth};
  const doc = document.documentElement;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.getAttribute('name')) s += '[name="' + el.getAttribute('name') + '"]';
    if (el.classList && el.classList.length) s += '.' + [...el.classList].join('.');
    if (el.type && el.tagName === 'INPUT') s += '[type=' + el.type + ']';
    return s;
  };
  const width = window.innerWidth;
  if (doc.scrollWidth > width || doc.scrollWidth > doc.clientWidth || width > limit) {
    // Clipped by a scrolling box (a .table-wrap): only boxes on its containing-block chain clip
    // an element, so an absolutely positioned one escapes every static ancestor.
    const clipped = (el) => {
      let position = getComputedStyle(el).position;
      if (position === 'fixed') return false;
      for (let p = el.parentElement; p && p !== doc; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (position === 'absolute' && style.position === 'static') continue;
        if (style.overflowX !== 'visible') return true;
        position = style.position === 'absolute' ? 'absolute' : 'static';
      }
      return false;
    };
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > Math.min(doc.clientWidth, limit) + 0.5 && !clipped(el))
      .filter((el, _, all) => !all.some((other) => other !== el && other.contains(el)))
      .slice(0, 5)
      .map((el) => describe(el) + ' (right edge at ' + Math.round(el.getBoundingClientRect().right) + ' px)');
    problems.push('scrolls sideways (or the phone zooms out): the page is ' + doc.scrollWidth + ' px wide for a ' + limit + ' px screen' +
      (culprits.length ? '; too wide: ' + culprits.join(', ') : ''));
  }
  const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.tagName === 'INPUT' && skip.has((el.getAttribute('type') || 'text').toLowerCase())) continue;
    const byLabel = [...(el.labels || [])].map((l) => l.textContent.trim()).join(' ').trim();
    const byAria = (el.getAttribute('aria-label') || '').trim();
    const byIds = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => (document.getElementById(id)?.textContent || '').trim()).join(' ').trim();
    if (!byLabel && !byAria && !byIds) problems.push('field without a label: ' + describe(el));
  }
  // A field in error names its message (aria-describedby), not only aria-invalid.
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) {
    const said = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => (document.getElementById(id)?.textContent || '').trim()).join(' ').trim();
    if (!said) problems.push('field in error without its message (aria-describedby): ' + describe(el));
  }
  return { problems, width, title: document.title };
})()`;

interface Tracked {
  who: string;
  page: Page;
  /** The window's width: the phone's 375 px unless the person sits at a desk. */
  width: number;
  /** The document currently shown, and whether a step checked it. */
  current: { url: string; checked: boolean } | null;
  /** The window's width: the phone's, or a desktop's for the organiser's wide pages. */
  width: number;
}

/**
 * One journey: the people in it (each with a browser of their own), the steps with their
 * screenshots, and every problem any page showed, reported together at the end.
 */
export class Journey {
  readonly dir: string;
  private n = 0;
  private readonly problems = new Map<string, Set<string>>();
  private readonly people: { context: BrowserContext; userDataDir: string }[] = [];
  private readonly tracked: Tracked[] = [];
  readonly tmp: string;

  constructor(
    readonly name: string,
    readonly app: RunningApp | null,
  ) {
    this.dir = path.join(SCREENSHOT_DIR, name);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `fupin-${name}-`));
  }

  /** A person's own phone (or, with DESKTOP, computer) browser: a fresh profile (launchPersistentContext in a new user-data dir). */
  async open(who: string, screen: { width: number; height: number } = PHONE): Promise<Page> {
    const phone = screen.width === PHONE.width;
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      baseURL: this.app?.baseUrl,
      viewport: screen,
      screen,
      deviceScaleFactor: 1,
      isMobile: phone,
      hasTouch: phone,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    this.people.push({ context, userDataDir });
    await installAxe(context);
    context.setDefaultTimeout(15_000);
    const page = context.pages()[0] ?? (await context.newPage());
    const tracked: Tracked = { who, page, width: screen.width, current: null };
    this.tracked.push(tracked);
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() || frame.url().startsWith('about:')) return;
      const url = frame.url();
      if (tracked.current && !tracked.current.checked && tracked.current.url.split('#')[0] !== url.split('#')[0]) {
        this.problem(`${who} ${pathOf(tracked.current.url)}`, 'page visited but never checked (no step() while it was shown)');
      }
      tracked.current = { url, checked: false };
    });
    page.on('pageerror', (err) => this.problem(`${who} ${pathOf(page.url())}`, `script error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error' || /favicon\.ico/.test(msg.location().url ?? '')) return;
      // A refused form comes back as the page itself with its messages, answered 4xx on purpose
      // (Chromium logs the status); a sub-resource's 4xx is still a problem.
      const ownPage = (msg.location().url ?? '').split('#')[0] === page.url().split('#')[0];
      if (ownPage && /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
      this.problem(`${who} ${pathOf(page.url())}`, `console error: ${msg.text()}`);
    });
    return page;
  }

  /**
   * A step of the journey on the page now shown: the 375 px checks (at the person's width), then a full-page
   * screenshot test-output/screenshots/<journey>/<nn>-<name>.png.
   */
  async step(page: Page, name: string, { screenshot = true }: { screenshot?: boolean } = {}): Promise<string | null> {
    await page.waitForLoadState('load');
    const tracked = this.tracked.find((t) => t.page === page);
    const width = tracked?.width ?? PHONE.width;
    const result = (await page.evaluate(auditScript(width))) as { problems: string[]; width: number; title: string };
    const where = `${tracked?.who ?? '?'} ${pathOf(page.url())}`;
    if (result.width !== width) this.problem(where, `window is ${result.width} px wide, expected ${width}`);
    for (const p of result.problems) this.problem(where, p);
    for (const p of await widthChecks(page)) this.problem(where, p);
    // The same page at the other width (a phone page on a desk, a desk page on a phone), then back.
    const size = page.viewportSize();
    const other = width === PHONE.width ? DESKTOP : PHONE;
    await page.setViewportSize(other);
    const sideways = ((await page.evaluate(auditScript(other.width))) as { problems: string[] }).problems.filter((p) =>
      p.startsWith('scrolls'),
    );
    const elsewhere = [...sideways, ...(await widthChecks(page))];
    for (const p of elsewhere) this.problem(where, `at ${other.width} px: ${p}`);
    if (size) await page.setViewportSize(size);
    if (tracked?.current) tracked.current.checked = true;
    if (!screenshot) return null;
    const file = path.join(this.dir, `${String(++this.n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  /** A file path in the journey's own folder (a PDF of the receipt, say), numbered like the screenshots. */
  artefact(name: string): string {
    return path.join(this.dir, `${String(++this.n).padStart(2, '0')}-${name}`);
  }

  problem(where: string, what: string): void {
    if (!this.problems.has(where)) this.problems.set(where, new Set());
    this.problems.get(where)!.add(what);
  }

  /** Fails with every problem of every page, grouped by page. */
  assertEveryPageFine(): void {
    for (const t of this.tracked) {
      if (t.current && !t.current.checked) this.problem(`${t.who} ${pathOf(t.current.url)}`, 'page visited but never checked');
    }
    if (this.problems.size === 0) return;
    const lines = [...this.problems].map(([where, list]) => `  ${where}\n${[...list].map((p) => `    - ${p}`).join('\n')}`);
    throw new Error(`${this.problems.size} page(s) failed the 375 px checks of ${this.name}:\n${lines.join('\n')}`);
  }

  async close(): Promise<void> {
    for (const { context, userDataDir } of this.people) {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    if (fs.readdirSync(this.dir).length === 0) fs.rmdirSync(this.dir);
  }
}

/** What is checked at each width: table cells whole on the screen, no serious or critical axe violation. */
async function widthChecks(page: Page): Promise<string[]> {
  return [...((await page.evaluate(tableCellsScript)) as string[]), ...(await accessibilityProblems(page))];
}

const pathOf = (url: string): string => {
  try {
    const u = new URL(url);
    return decodeURIComponent(u.pathname + u.search);
  } catch {
    return url;
  }
};

/**
 * Keyboard only: presses Tab (from wherever the focus is, the top of the page after a load)
 * until the element matching `selector` has the focus.
 */
export async function tabTo(page: Page, selector: string, maxTabs = 60): Promise<number> {
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return i;
  }
  const focused = await page.evaluate(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`);
  throw new Error(`${selector} not reached with ${maxTabs} presses of Tab on ${page.url()} (focus is on ${focused})`);
}

/** An entry of the site's main menu (主菜单). */
export const menu = (page: Page, label: string) =>
  page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label, exact: true });

/** Asserts the focused element (keyboard users see where they are). */
export async function expectFocus(page: Page, selector: string): Promise<void> {
  const ok = await page.evaluate(`!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`);
  if (!ok) {
    const focused = await page.evaluate(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`);
    throw new Error(`expected the focus on ${selector}, it is on ${focused}`);
  }
}

/**
 * Logs in with the keyboard only: Tab to 用户名, type, Tab to 密码, type, Enter; the browser must
 * land on `expectedPath`. The log-in page must be shown already.
 */
export async function logInWithKeyboard(journey: Journey, page: Page, username: string, password: string, expectedPath: string) {
  await tabTo(page, '#username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await expectFocus(page, '#password');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL((u) => u.pathname === expectedPath), page.keyboard.press('Enter')]);
  await journey.step(page, `${username}-signed-in`);
}
