/** Shared set-up of the e2e suite: Debian's Chromium driven by playwright-core, axe-core scans. */
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const BASE_URL = (process.env.SEGMENTS_E2E_URL ?? '').replace(/\/$/, '');
export const ADMIN_TOKEN = process.env.SEGMENTS_ADMIN_TOKEN ?? '';
export const WRITE_KEY = process.env.SEGMENTS_WRITE_KEY ?? '';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function configured() {
  return Boolean(BASE_URL && ADMIN_TOKEN);
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookie jar), en-US, signed in through the login page unless told not to. */
export async function newPage(browser, { signIn = true } = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'en-US', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // Console errors and uncaught exceptions of the app; tests assert there are none.
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed responses are reported below with their URL.
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) page.errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    // A 401 is how the app learns there is no session; a 400 on preview is shown inline.
    if (r.status() >= 400 && r.status() !== 401) page.errors.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  });
  if (signIn) {
    await page.goto('/marketing/login');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/marketing/segments');
  }
  return page;
}

/** Runs axe (WCAG 2.1 A/AA) and returns the violations, summarized for an assertion message. */
export async function axe(page, include) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Calls the service API as the admin (bearer token), for seeding and for expected values. */
export async function apiCall(method, path, body) {
  const res = await fetch(BASE_URL + path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Sends tracking `identify` calls with the write key (HTTP Basic, key as user name). */
export async function identify(traits, userId) {
  const res = await fetch(`${BASE_URL}/v1/identify`, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(`${WRITE_KEY}:`).toString('base64'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, traits, messageId: `e2e-${userId}`, timestamp: new Date().toISOString() }),
  });
  if (!res.ok) throw new Error(`identify failed: ${res.status} ${await res.text()}`);
}

export const fmt = (n) => new Intl.NumberFormat('en-US').format(n);
