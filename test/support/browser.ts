// Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven
// by playwright-core (no bundled browser download). LOTLINE_CHROMIUM names
// another binary.
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, chromium, type Locator } from 'playwright-core';

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
      // A real user's date and number inputs speak their browser's language
      // (30/06/2031, 1,5 in Spanish). Chromium takes that from its interface
      // language, not from a context's locale, and Debian's build carries the
      // en-US interface only: with this feature the inputs follow the page's
      // lang instead, which the app sets to the user's language (es-VE).
      '--enable-blink-features=LangAttributeAwareFormControlUI',
    ],
  });
}

/** The languages a test reads the pages in. */
export type Language = 'en' | 'es';

/**
 * The browser locale of a person who reads the app in a language: a Spanish
 * user's Chromium is Spanish (navigator.language, Accept-Language, the
 * sign-in page before the session says otherwise). Its date and number
 * inputs follow the page's language here: see launchBrowser.
 */
export const BROWSER_LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-VE' };

/**
 * A fresh browser context against one server, for a reader of `language`
 * (English by default). The locale is pinned so that the pages read the same
 * on every machine (en-US: 70,329,600).
 */
export function openContext(
  browser: Browser,
  baseURL: string,
  options: { language?: Language } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: BROWSER_LOCALES[options.language ?? 'en'],
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 900 },
  });
}

/**
 * The parts of a date input in the order the browser shows them, by the
 * number each holds: 2031-06-30 reads [30, 6, 2031] in a Spanish browser
 * (30/06/2031) and [6, 30, 2031] in an English one (06/30/2031). The parts
 * live in the input's user-agent shadow tree, out of the DOM's reach: they
 * are read from the accessibility tree, as a screen reader meets them.
 */
export async function dateInputParts(input: Locator): Promise<number[]> {
  const page = input.page();
  const cdp = await page.context().newCDPSession(page);
  const mark = randomUUID();
  await input.evaluate((element, value) => element.setAttribute('data-date-parts', value), mark);
  try {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `document.querySelector('[data-date-parts="${mark}"]')`,
    });
    const { nodes } = await cdp.send('Accessibility.queryAXTree', {
      objectId: result.objectId,
      role: 'spinbutton',
    });
    return nodes.map((node) => Number(node.value?.value));
  } finally {
    await input.evaluate((element) => element.removeAttribute('data-date-parts'));
    await cdp.detach();
  }
}

/** What the context's browser says its language is (navigator.language). */
export async function browserLanguage(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  try {
    return await page.evaluate<string>('navigator.language');
  } finally {
    await page.close();
  }
}

/**
 * Signs a context in through the API, as the sign-in page would: every page of
 * the context then shares the session cookie (the page asks /api/auth/me for
 * its CSRF token). Sign-ins are rate-limited per address (10 a minute), so a
 * test file signs in a few times only. The context's browser must speak the
 * user's language (openContext's `language`), or the sign-in fails.
 */
export async function signIn(
  context: BrowserContext,
  username: string,
  password: string,
  options: { language?: Language } = {},
): Promise<void> {
  // A user who reads Spanish has a Spanish browser: a context in another
  // locale would test a page no real user sees.
  const language = options.language ?? 'en';
  const locale = await browserLanguage(context);
  if (!locale.startsWith(language)) {
    throw new Error(
      `${username} reads ${language} but the browser is ${locale}: open the context with { language: '${language}' }`,
    );
  }
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
    data: { language },
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!chosen.ok()) {
    throw new Error(`choosing a language for ${username} failed: ${chosen.status()}`);
  }
}
