// Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven
// by playwright-core (no bundled browser download). LOTLINE_CHROMIUM names
// another binary.
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LOTLINE_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh browser context against one server. The locale is pinned so that
 * numbers read the same on every machine (en-US: 70,329,600).
 */
export function openContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 900 },
  });
}

/**
 * Signs a context in through the API, as the sign-in page would: every page of
 * the context then shares the session cookie (the page asks /api/auth/me for
 * its CSRF token). Sign-ins are rate-limited per address (10 a minute), so a
 * test file signs in a few times only.
 */
export async function signIn(
  context: BrowserContext,
  username: string,
  password: string,
  options: { language?: 'en' | 'es' } = {},
): Promise<void> {
  const response = await context.request.post('/api/auth/sign-in', {
    data: { username, password },
  });
  if (!response.ok()) {
    throw new Error(`signing in ${username} failed: ${response.status()} ${await response.text()}`);
  }
  // Users start in Spanish; the tests read the pages in English unless they
  // ask for Spanish, as the user would choose in the user menu.
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const chosen = await context.request.patch('/api/auth/me', {
    data: { language: options.language ?? 'en' },
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!chosen.ok()) {
    throw new Error(`choosing a language for ${username} failed: ${chosen.status()}`);
  }
}
