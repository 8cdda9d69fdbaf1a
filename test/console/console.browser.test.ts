import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/console/password-hash.js';
import { advance } from '../call-log/call-log-helpers.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'console');
const USER = 'оператор';
const PASSWORD = 'құпия-сөз-2026';
// Monday 16 November 2026, 10:00 in Almaty: office hours.
const MONDAY = '2026-11-16T05:00:00.000Z';
const GULNAR = '+77051230000'; // corporate, a personal menu of ranked employees
const ASEL = '+77071234567'; // regular, kk
const STRANGER = '+447700900999'; // not in the CRM

if (!existsSync(CHROMIUM)) {
  console.warn(`[skipped] console browser tests: ${CHROMIUM} is absent (apt-get install chromium)`);
}

describe.skipIf(!existsSync(CHROMIUM))('the console in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    t = await buildTestApp({
      now: MONDAY,
      env: {
        API_KEY: 'console-browser-key-0123456789',
        CONSOLE_USER: USER,
        CONSOLE_PASSWORD_HASH: await hashPassword(PASSWORD),
      },
    });
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // localhost: a secure context, so the Secure session cookie is kept over plain http.
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Real calls on both providers through the simulator, against the app the browser sees. */
  async function placeCalls(): Promise<void> {
    for (const provider of PROVIDERS) {
      const known = provider.call(t, GULNAR);
      await known.start();
      advance(t, 4);
      await known.press('1');
      advance(t, 2);
      await known.dialOutcome('answered', 60);
      await known.hangup();
      const asel = provider.call(t, ASEL);
      await asel.start();
      advance(t, 6);
      await asel.say('менің төлем туралы сұрағым бар', 0.87);
      advance(t, 3);
      await asel.dialOutcome('answered', 95);
      await asel.hangup();
      const stranger = provider.call(t, STRANGER);
      await stranger.start();
      advance(t, 3);
      await stranger.hangup();
    }
    advance(t, 11);
    await t.settlement.applyDueRules(t.clock.now());
  }

  async function showNovember(page: Page): Promise<void> {
    await page.fill('input[name=from]', '2026-11-01');
    await page.fill('input[name=to]', '2026-11-30');
    await page.click('form.filters button[type=submit]');
  }

  it('login refused, then signed in; each view renders the real calls', async () => {
    await placeCalls();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // No open pages: the console sends a stranger to its login.
    await page.goto(`${base}/console/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/login');
    await page.selectOption('select[name=console-language]', 'en');
    await page.fill('input[name=user]', USER);
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await page.getByRole('alert').getByText('Wrong user name, password or key').waitFor();
    await page.screenshot({ path: join(SHOTS, 'login-refused.png') });

    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=overview-cards]').waitFor();
    await showNovember(page);
    await expect.poll(() => page.locator('[data-metric=callsCount]').textContent()).toBe('6');
    expect(await page.locator('[data-metric=transferred]').textContent()).toBe('66.7 %');
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });

    // Kazakh, then Russian: the same view in the company's languages.
    await page.selectOption('select[name=console-language]', 'kk');
    await page.getByText('Өзіне-өзі қызмет').first().waitFor();
    await page.selectOption('select[name=console-language]', 'ru');
    await page.getByText('Самообслуживание').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'overview-ru.png'), fullPage: true });
    await page.selectOption('select[name=console-language]', 'en');

    await page.click('nav a[href="#paths"]');
    await page.locator('[data-testid=path-table]').waitFor();
    const language = page.locator('[data-testid=path-table] tr', { hasText: 'language' });
    await expect.poll(() => language.first().textContent()).toContain('100.0 %');
    await page.screenshot({ path: join(SHOTS, 'paths.png'), fullPage: true });

    await page.click('nav a[href="#pilot"]');
    await page.locator('[data-testid=pilot-verdict]').waitFor();
    expect(await page.locator('[data-testid=pilot-verdict]').textContent()).toContain(
      'Not enough data yet',
    );
    await page.screenshot({ path: join(SHOTS, 'pilot.png'), fullPage: true });

    await page.click('nav a[href="#calls"]');
    await page.locator('[data-testid=calls-table] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid=calls-table] tbody tr').count()).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'calls.png'), fullPage: true });
    await page.locator('[data-testid=calls-table] tbody tr a').first().click();
    await page.locator('[data-testid=call-steps] tbody tr').first().waitFor();
    const json = page.locator('a', { hasText: 'JSON from the API' });
    expect(await json.getAttribute('href')).toMatch(/^\/api\/calls\//);
    await page.screenshot({ path: join(SHOTS, 'call-detail.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a phone-sized screen', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/console/#overview`);
    await page.locator('[data-testid=overview-cards]').waitFor();
    await showNovember(page);
    await expect.poll(() => page.locator('[data-metric=callsCount]').textContent()).toBe('6');
    // Nothing wider than the screen but the tables, which scroll inside their section.
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'overview-phone.png'), fullPage: true });
    await page.close();
  });
});
