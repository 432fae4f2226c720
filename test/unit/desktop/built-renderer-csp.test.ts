// The built renderer page (out/renderer/index.html, `npx electron-vite build`; npm test builds first) carries the
// renderer's Content-Security-Policy from its one definition. Electron loads that file: the meta tag is the only
// policy the desktop window has.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../shared/content-security';

const built = join(import.meta.dirname, '../../../out/renderer/index.html');

/** The HTML character references the build writes in attribute values. */
const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every `<tag ...>` of the page with its attributes (names lower-cased, values decoded). */
function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map(([, attrs]) =>
    Object.fromEntries(
      [...attrs!.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map(
        ([, key, dq, sq, bare]) => [key!.toLowerCase(), decode(dq ?? sq ?? bare ?? '')],
      ),
    ),
  );
}

/** A policy as its directives: name -> source list. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

/** The sources scripts may come from: script-src, else default-src (CSP 3 fallback). */
const scriptSources = (policy: string) => {
  const d = directives(policy);
  return d.get('script-src') ?? d.get('default-src') ?? ['*'];
};

describe('the built renderer page', () => {
  const html = existsSync(built) ? readFileSync(built, 'utf8') : null;

  it('exists (run `npx electron-vite build` first)', () => {
    expect(html, `${built} is missing`).not.toBeNull();
  });

  it("carries exactly one Content-Security-Policy meta, equal to shared/content-security.ts's", () => {
    const csp = tags(html!, 'meta').filter(
      (m) => m['http-equiv']?.toLowerCase() === 'content-security-policy',
    );
    expect(csp).toHaveLength(1);
    expect(csp[0]!.content).toBe(RENDERER_CSP);
  });

  it('has the policy before any script or stylesheet, so it covers them all', () => {
    const at = html!.search(/<meta[^>]+http-equiv="?Content-Security-Policy/i);
    expect(at).toBeGreaterThan(-1);
    for (const pattern of [/<script\b/i, /<link\b/i, /<style\b/i]) {
      const first = html!.search(pattern);
      if (first !== -1) expect(at, String(pattern)).toBeLessThan(first);
    }
  });

  it('runs only its own script files: no inline script, no remote or data: source', () => {
    const scripts = [...html!.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim(), 'an inline script').toBe('');
      const src = /\bsrc\s*=\s*"([^"]*)"/i.exec(attrs!)?.[1] ?? '';
      expect(src, 'a script of the page itself').toMatch(/^\.?\/assets\/[\w.-]+\.js$/);
    }
  });
});

describe('the renderer policy', () => {
  it("lets scripts come from the page's own origin only: no eval, no inline script, no other origin", () => {
    expect(scriptSources(RENDERER_CSP)).toEqual(["'self'"]);
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).not.toContain('wasm-unsafe-eval');
  });

  it('keeps the fallback, plugins, <base> and form posts shut', () => {
    const d = directives(RENDERER_CSP);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('connects to its own origin and to sockets on this machine only', () => {
    for (const source of directives(RENDERER_CSP).get('connect-src')!)
      expect(source).toMatch(/^('self'|ws:\/\/(127\.0\.0\.1|localhost):\*)$/);
  });

  it.each([
    ["script-src 'self' 'unsafe-eval'", ["'self'", "'unsafe-eval'"]],
    ["default-src 'self' https://cdn.example", ["'self'", 'https://cdn.example']],
    ["img-src 'self'", ['*']],
  ])('(the reading of a policy used above: %s)', (policy, sources) => {
    expect(scriptSources(policy)).toEqual(sources);
  });
});
