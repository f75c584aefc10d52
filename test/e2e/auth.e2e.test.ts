// People, roles and signatures in a real browser: signing in and out, what a
// viewer may not see, an administrator's signed plant changes, the Users and
// Audit pages, a forced password change and a lockout. Users are made in the
// store before the browser starts; sign-ins through the API are few, since the
// server allows ten a minute per address.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/core/audit/actions.js';
import { recordAudit } from '../../src/core/audit/trail.js';
import { createUser } from '../../src/core/auth/service.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

const SHOTS = path.resolve('.tmp');
const POLL = { timeout: 10_000 };

const ADMIN = { username: 'ada', password: 'north-ridge-e2e-pass', displayName: 'Ada Admin' };
const VIEWER = { username: 'victor', password: 'viewer-e2e-pass-1', displayName: 'Victor Viewer' };
// A second administrator, locked out by wrong signatures at the end.
const LOCKED = { username: 'lucas', password: 'second-admin-pass-1', displayName: 'Lucas Lock' };
const FRESH = { username: 'nuria', displayName: 'Nuria Nueva' };
// An administrator who reads the app in English, then switches to Spanish from the user menu.
const SWITCHER = {
  username: 'sofia',
  password: 'language-switch-pass-1',
  displayName: 'Sofía Salazar',
};
const FILLER_ENTRIES = 60;

let served: Served;
let browser: Browser;
let freshPassword: string;
const opened: { page: Page; errors: string[] }[] = [];

beforeAll(async () => {
  served = await serveReferencePlant({ demo: true });
  const db = served.store.db;
  await createUser(db, { ...ADMIN, roles: ['admin'] }, 'test');
  // These two sign in through the sign-in page, in the English of the tests.
  await createUser(db, { ...VIEWER, roles: ['viewer'], language: 'en' }, 'test');
  await createUser(db, { ...LOCKED, roles: ['admin'] }, 'test');
  await createUser(db, { ...SWITCHER, roles: ['admin'], language: 'en' }, 'test');
  // Without a password: one is generated, and must be changed at sign-in.
  const fresh = await createUser(db, { ...FRESH, roles: ['planner'], language: 'en' }, 'test');
  if (!fresh.password) throw new Error('no generated password');
  freshPassword = fresh.password;
  // Enough older entries that the audit page has a page to load further back.
  await db.transaction(async (tx) => {
    for (let i = 1; i <= FILLER_ENTRIES; i++) {
      await recordAudit(tx, {
        actor: 'test',
        // No action the server writes: the audit page shows its code alone.
        action: 'test.filler' as AuditAction,
        entityType: 'test',
        entityId: String(i),
        after: { i },
      });
    }
  });
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

afterEach(async () => {
  const pages = opened.splice(0);
  for (const { page } of pages) await page.close();
  // An uncaught exception in the app fails the test that caused it.
  expect(pages.flatMap((p) => p.errors)).toEqual([]);
});

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  opened.push({ page, errors });
  return page;
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: path.join(SHOTS, name), fullPage });

/** Text that looks like an i18n key left untranslated: "nav:sections.plant". */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.]+\b/;
/** A date written the es-VE way: "15 jun 2026" (with or without the abbreviation's dot). */
const SPANISH_DATE = /\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}\b/;

// innerText, not textContent: what a reader sees, without hidden panels (a closed menu).
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
const visibleText = (page: Page) => page.locator('body').innerText();

/** The section navigation's links; the navigation is named in the page's language. */
const navLinks = (page: Page, name = 'Sections') =>
  page.getByRole('navigation', { name }).getByRole('link').allTextContents();

async function apiJson<T>(context: BrowserContext, url: string): Promise<T> {
  const response = await context.request.get(url);
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}

describe('a viewer', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await openContext(browser, served.baseUrl);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('is sent to sign in, sees a wrong password refused, and lands on the page asked for', async () => {
    const page = await open(context);
    await page.goto('/plant?tab=suppliers');
    await page.waitForURL(/\/sign-in\?next=%2Fplant%3Ftab%3Dsuppliers$/);
    // Nobody is signed in yet: the page speaks the browser's language (en-US here).
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    const username = page.getByLabel('User name');
    const password = page.getByLabel('Password');
    expect(await username.getAttribute('autocomplete')).toBe('username');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
    // Demo mode says so, and names the demo users.
    await page.getByTestId('demo-notice').waitFor();
    expect(await page.getByTestId('demo-notice').textContent()).toContain('demo-viewer');
    expect(await page.getByTestId('demo-banner').textContent()).toContain('DEMO MODE');
    await shot(page, 'sign-in-page.png');

    await username.fill(VIEWER.username);
    await password.fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('sign-in-error');
    await expect
      .poll(() => error.textContent(), POLL)
      .toBe('The user name or the password is wrong.');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(page.url()).toContain('/sign-in');

    await password.fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/plant?tab=suppliers');
    await page.getByTestId('suppliers-table').waitFor();
    const menu = page.getByTestId('user-menu');
    expect(await menu.getByTestId('user-name').textContent()).toBe(VIEWER.displayName);
    await expect.poll(() => menu.getByTestId('user-roles').textContent(), POLL).toBe('Viewer');
    expect(await page.getByTestId('demo-banner').isVisible()).toBe(true);
  });

  it('sees no edit controls, and no Users or Audit in the navigation', async () => {
    const page = await open(context);
    await page.goto('/plant');
    await page.getByTestId('line-list').waitFor();
    expect(await navLinks(page)).toEqual([
      'Plant',
      'Floor',
      'Production',
      'Lots',
      'Quality',
      'Storage',
      'Planning',
      'Twin',
      'Maintenance',
      'Reports',
    ]);
    expect(await page.locator('[data-testid^="edit-line-"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    await page.getByRole('tab', { name: /Customers/ }).click();
    await page.getByTestId('customers-table').waitFor();
    expect(await page.getByTestId('add-customer').count()).toBe(0);
    expect(await page.locator('[data-testid^="edit-customer-"]').count()).toBe(0);
  });

  it('is told it has no access on a direct link to the Users or Audit page', async () => {
    const page = await open(context);
    await page.goto('/admin/users');
    const denied = page.getByTestId('no-access');
    await denied.waitFor();
    expect(await denied.getByRole('heading', { level: 1 }).textContent()).toBe(
      'You do not have access to this page',
    );
    expect(await denied.textContent()).toContain('users.manage');
    expect(await page.getByTestId('users-table').count()).toBe(0);

    await page.goto('/audit');
    await page.getByTestId('no-access').waitFor();
    expect(await page.getByTestId('no-access').textContent()).toContain('audit.read');
    expect(await page.getByTestId('audit-table').count()).toBe(0);
  });

  it('is sent back to sign in when the session ends behind its back', async () => {
    const page = await open(context);
    await page.goto('/plant');
    await page.getByTestId('line-list').waitFor();
    // The session ends elsewhere (another tab signs out).
    const me = await apiJson<{ csrfToken: string }>(context, '/api/auth/me');
    const out = await context.request.post('/api/auth/sign-out', {
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(out.status()).toBe(204);
    // The next request the page makes is refused: back to sign in, keeping the page.
    await page.getByRole('link', { name: 'Línea 2 — cartucho ordinario' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fplant%2Flines%2FL2$/);
    expect(await page.getByTestId('sign-in-notice').textContent()).toContain(
      'Your session has ended',
    );
  });
});

describe('an administrator', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await openContext(browser, served.baseUrl);
    await signIn(context, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('sees the edit controls, and Audit, Users and Status in the navigation', async () => {
    const page = await open(context);
    await page.goto('/plant');
    await page.getByTestId('edit-line-L1').waitFor();
    expect(await page.locator('[data-testid^="edit-line-"]').count()).toBe(4);
    expect(await page.getByTestId('edit-line-L1').getAttribute('type')).toBe('button');
    expect(await navLinks(page)).toEqual([
      'Plant',
      'Floor',
      'Production',
      'Lots',
      'Quality',
      'Storage',
      'Planning',
      'Twin',
      'Maintenance',
      'Reports',
      'Audit',
      'Users',
      'Status',
    ]);
    await expect.poll(() => page.getByTestId('rated-L1').textContent(), POLL).not.toBeNull();
    await shot(page, 'plant-page-edit.png');
  });

  it('changes a line rate through the signature dialog; a wrong signature changes nothing', async () => {
    const page = await open(context);
    await page.goto('/plant');
    await page.getByTestId('edit-line-L1').click();
    const rate = page.getByLabel('C762-BALL rate per minute');
    expect(await rate.inputValue()).toBe('84');
    await rate.fill('90');
    await page.getByRole('button', { name: /Review and sign/ }).click();

    const dialog = page.getByTestId('signature-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('signature-statement').textContent()).toBe(
      "Approve: change line L1 — products' rates",
    );
    expect(await dialog.getByTestId('signature-changes').textContent()).toContain('84 → 90');
    expect(await dialog.getByTestId('signature-signer').textContent()).toBe(
      `Signing as ${ADMIN.displayName} (${ADMIN.username})`,
    );
    expect(await dialog.getByLabel('Meaning of the signature').inputValue()).toBe('approved');
    const password = dialog.getByLabel('Password (electronic signature)');
    expect(await password.getAttribute('type')).toBe('password');
    // The dialog opens on the signature itself.
    expect(await password.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await dialog.getByLabel('Reason (optional)').fill('New crimping dies fitted');
    await shot(page, 'signature-dialog.png');

    await password.fill('not-my-password');
    await dialog.getByRole('button', { name: 'Sign and save' }).click();
    const refusal = dialog.getByTestId('signature-error');
    await expect
      .poll(() => refusal.textContent(), POLL)
      .toBe('Signature refused: the user name or the password is wrong.');
    expect(await dialog.isVisible()).toBe(true);
    // Nothing changed: the line, and the revision history.
    const line = await apiJson<{ products: { ratePerMinute: number }[] }>(
      context,
      '/api/plant/lines/L1',
    );
    expect(line.products[0]?.ratePerMinute).toBe(84);
    expect(await apiJson<unknown[]>(context, '/api/plant/revisions')).toHaveLength(1);

    await password.fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign and save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(
        () =>
          page
            .getByTestId('products-L1')
            .getByRole('row', { name: /C762-BALL/ })
            .textContent(),
        POLL,
      )
      .toContain('90');
    expect(await page.getByTestId('saved-L1').textContent()).toContain('plant revision 2');
    await expect
      .poll(() => page.getByTestId('site-name').textContent(), POLL)
      .toContain('revision 2');

    // The revision history has it, signed.
    await page.getByRole('tab', { name: /Revisions/ }).click();
    await page.getByRole('button', { name: 'Show revision 2' }).click();
    const detail = page.getByTestId('revision-detail');
    await detail.getByTestId('revision-integrity').waitFor();
    expect(await detail.getByTestId('revision-integrity').textContent()).toContain('Intact');
    expect(await detail.getByTestId('revision-changes').textContent()).toContain('L1');
    const signature = detail.getByTestId('signature-row');
    expect(await signature.count()).toBe(1);
    const signed = await signature.textContent();
    expect(signed).toContain(ADMIN.displayName);
    expect(signed).toContain('approved');
    expect(signed).toContain('New crimping dies fitted');
    expect(signed).toContain('Valid');
    expect(signed).not.toContain('No longer valid');
    expect(page.url()).toContain('revision=2');
  });

  it('adds a customer, signed', async () => {
    const page = await open(context);
    await page.goto('/plant?tab=customers');
    await page.getByTestId('add-customer').click();
    const form = page.getByTestId('customer-dialog');
    await form.getByLabel('Code').fill('CO-EJC');
    await form.getByLabel('Name').fill('Ejército de Colombia');
    await form.getByLabel('Kind').selectOption('armed_forces');
    await form.getByLabel('Country').fill('co');
    await form.getByRole('button', { name: /Review and sign/ }).click();
    expect(await form.getByTestId('signature-statement').textContent()).toBe(
      'Approve: add customer CO-EJC — Ejército de Colombia',
    );
    await form.getByLabel('Password (electronic signature)').fill(ADMIN.password);
    await form.getByRole('button', { name: 'Sign and save' }).click();
    await form.waitFor({ state: 'detached' });
    const row = page.getByTestId('customers-table').getByRole('row', { name: /CO-EJC/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Colombia');
    expect(await page.getByTestId('customer-saved').textContent()).toContain('plant revision 3');
  });

  it('creates a user on the Users page and sees the one-time password', async () => {
    const page = await open(context);
    await page.goto('/plant');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.waitForURL('**/admin/users');
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('new-user').click();
    const form = page.getByTestId('create-user-form');
    await form.getByLabel('User name').fill('maria.lopez');
    await form.getByLabel('Display name').fill('María López');
    await form.getByLabel(/QA inspector/).check();
    await form.getByLabel('Language').selectOption('en');
    await form.getByRole('button', { name: 'Create user' }).click();

    const secret = page.getByTestId('one-time-password');
    await secret.waitFor();
    expect(await secret.textContent()).toContain('maria.lopez');
    expect(await secret.textContent()).toContain('shown only this once');
    expect(await secret.getByTestId('secret-value').textContent()).toMatch(/^[A-Za-z0-9]{20}$/);
    const row = page.getByTestId('user-row-maria.lopez');
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('María López');
    expect(text).toContain('QA inspector');
    expect(text).toContain('new password');
    await shot(page, 'users-page.png', true);

    await secret.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
  });

  it('issues an API token, shown once, and revokes it', async () => {
    const page = await open(context);
    await page.goto('/admin/users');
    await page.getByTestId('new-token').click();
    const form = page.getByTestId('issue-token-form');
    await form.getByLabel('Name').fill('ERP export');
    // maria.lopez must change her password first; a token acting as her is refused until then.
    await form.getByLabel('Acts as user').selectOption({ label: 'maria.lopez — María López' });
    expect(await form.getByTestId('token-user-warning').textContent()).toContain(
      'must change the password',
    );
    await form
      .getByLabel('Acts as user')
      .selectOption({ label: `${VIEWER.username} — ${VIEWER.displayName}` });
    expect(await form.getByTestId('token-user-warning').count()).toBe(0);
    await form.getByRole('button', { name: 'Issue token' }).click();
    const shown = page.getByTestId('one-time-token');
    await shown.waitFor();
    const token = (await shown.getByTestId('secret-value').textContent()) ?? '';
    expect(token).toMatch(/^llt_/);
    const asToken = () =>
      fetch(`${served.baseUrl}/api/plant`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asToken()).status).toBe(200);

    const row = page.getByTestId('token-row-ERP export');
    await row.getByRole('button', { name: 'Revoke token ERP export' }).click();
    await row.getByRole('button', { name: 'Confirm revoke token ERP export' }).click();
    await expect.poll(() => row.textContent(), POLL).toContain('revoked');
    expect((await asToken()).status).toBe(401);
  });

  it('lists the plant change in the audit trail, filters and pages it, and verifies the chain', async () => {
    const page = await open(context);
    await page.goto('/audit');
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    const seqs = (await table.locator('tbody th').allTextContents()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const change = table.getByRole('row', { name: /plant\.changed/ }).filter({ hasText: 'ada' });
    expect(await change.count()).toBe(2);
    // The action's code, and what it means beside it.
    expect(await change.first().getByTestId('audit-action-words').textContent()).toBe(
      'Plant configuration changed',
    );
    await shot(page, 'audit-page.png');

    // The compact before → after view opens to the whole of both.
    const lineChange = change.filter({ has: page.getByRole('link', { name: '2', exact: true }) });
    await lineChange.locator('summary').click();
    expect(await lineChange.locator('pre').last().textContent()).toContain('"revision": 2');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const verdict = page.getByTestId('chain-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Intact The chain of \d+ entries verifies/);

    // Older entries, a page at a time.
    await page.getByRole('button', { name: 'Load older' }).click();
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(50);
    await page.getByText('No older entries.').waitFor();
    const fillers = table.getByRole('row', { name: /test\.filler/ });
    expect(await fillers.count()).toBe(FILLER_ENTRIES);
    // An action the app has no words for: its code alone.
    expect(await fillers.getByTestId('audit-action-words').count()).toBe(0);

    // Filters go into the URL, and a reload keeps them.
    await page.getByLabel('Action').fill('plant.changed');
    await page.getByLabel('Actor').fill(ADMIN.username);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=plant.changed/);
    expect(page.url()).toContain(`actor=${ADMIN.username}`);
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await page.reload();
    await table.waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('plant.changed');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    for (const text of await rows.allTextContents()) expect(text).toContain('plant.changed');
  });

  it('signs out from the user menu, back to the sign-in page', async () => {
    const page = await open(context);
    await page.goto('/plant');
    const menu = page.getByTestId('user-menu');
    await menu.getByRole('button', { name: new RegExp(ADMIN.displayName) }).click();
    await menu.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect(await page.getByTestId('sign-in-notice').textContent()).toBe('You have signed out.');
    // The session is over on the server too.
    expect((await context.request.get('/api/auth/me')).status()).toBe(401);
    await page.goto('/plant');
    await page.waitForURL('**/sign-in');
  });
});

describe('a user whose password must be changed', () => {
  it('can do nothing else until it is changed, then signs in again with the new one', async () => {
    const context = await openContext(browser, served.baseUrl);
    try {
      const page = await open(context);
      await page.goto('/plant');
      await page.waitForURL('**/sign-in');
      await page.getByLabel('User name').fill(FRESH.username);
      await page.getByLabel('Password').fill(freshPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/change-password');
      const form = page.getByTestId('change-password');
      expect(await form.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Change your password',
      );
      expect(await form.textContent()).toContain('nothing else opens until you do');
      // Nothing else works: not the pages, not the API.
      await page.goto('/plant/lines/L1');
      await page.waitForURL('**/change-password?next=%2Fplant%2Flines%2FL1');
      const refused = await context.request.get('/api/plant');
      expect(refused.status()).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('password_change_required');

      const newPassword = 'my-own-secret-phrase-9';
      await form.getByLabel('Current password').fill(freshPassword);
      await form.getByLabel('New password', { exact: true }).fill(newPassword);
      await form.getByLabel('New password again').fill(`${newPassword}x`);
      await form.getByRole('button', { name: 'Change password' }).click();
      expect(await form.getByTestId('change-password-error').textContent()).toBe(
        'The two new passwords differ.',
      );
      await form.getByLabel('New password again').fill(newPassword);
      await form.getByRole('button', { name: 'Change password' }).click();

      // The change ends the session: sign in again, and go where the user was going.
      await page.waitForURL('**/sign-in?next=%2Fplant%2Flines%2FL1');
      expect(await page.getByTestId('sign-in-notice').textContent()).toContain(
        'Your password is changed',
      );
      await page.getByLabel('User name').fill(FRESH.username);
      await page.getByLabel('Password').fill(newPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/plant/lines/L1');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL)
        .toBe('Línea 1 — cartucho ordinario');
    } finally {
      await context.close();
    }
  });
});

describe('an account locked by wrong signatures', () => {
  it('shows the server’s lockout in the signature dialog and on the sign-in page', async () => {
    const context = await openContext(browser, served.baseUrl);
    const other = await openContext(browser, served.baseUrl);
    try {
      await signIn(context, LOCKED.username, LOCKED.password);
      const page = await open(context);
      await page.goto('/plant');
      await page.getByTestId('edit-line-L2').click();
      await page.getByLabel('C762-BALL rate per minute').fill('83');
      await page.getByRole('button', { name: /Review and sign/ }).click();
      const dialog = page.getByTestId('signature-dialog');
      const password = dialog.getByLabel('Password (electronic signature)');
      const refusal = dialog.getByTestId('signature-error');
      const sign = dialog.getByRole('button', { name: 'Sign and save' });
      for (let attempt = 1; attempt <= 4; attempt++) {
        await password.fill(`wrong-${attempt}`);
        await sign.click();
        await expect
          .poll(() => refusal.textContent(), POLL)
          .toBe('Signature refused: the user name or the password is wrong.');
        // The refusal is drawn afresh each time: wait for the field to be cleared.
        await expect.poll(() => password.inputValue(), POLL).toBe('');
      }
      await password.fill('wrong-5');
      await sign.click();
      await expect
        .poll(() => refusal.textContent(), POLL)
        .toContain('after 5 failed attempts the account is locked for 15 minutes');
      // Locked: even the right password is refused now, with the time it ends.
      await password.fill(LOCKED.password);
      await sign.click();
      await expect
        .poll(() => refusal.textContent(), POLL)
        .toMatch(/^Signature refused: the account is locked after repeated failed attempts until /);
      expect(await refusal.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const line = await apiJson<{ products: { ratePerMinute: number }[] }>(
        context,
        '/api/plant/lines/L2',
      );
      expect(line.products[0]?.ratePerMinute).toBe(84);

      const signInPage = await open(other);
      await signInPage.goto('/sign-in');
      await signInPage.getByLabel('User name').fill(LOCKED.username);
      await signInPage.getByLabel('Password').fill(LOCKED.password);
      await signInPage.getByRole('button', { name: 'Sign in' }).click();
      const error = signInPage.getByTestId('sign-in-error');
      await expect
        .poll(() => error.textContent(), POLL)
        .toMatch(/^The account is locked after repeated failed attempts until [A-Z][a-z]{2} \d/);
    } finally {
      await context.close();
      await other.close();
    }
  });
});

describe('the language of the app', () => {
  it('shows the sign-in page in the browser’s language: Spanish for es-VE, English for en-US', async () => {
    const spanish = await browser.newContext({
      baseURL: served.baseUrl,
      locale: 'es-VE',
      timezoneId: 'UTC',
    });
    const english = await browser.newContext({
      baseURL: served.baseUrl,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    try {
      const es = await open(spanish);
      await es.goto('/plant');
      await es.waitForURL('**/sign-in');
      await expect
        .poll(() => es.getByRole('heading', { level: 1 }).textContent(), POLL)
        .toBe('Iniciar sesión en Lotline');
      expect(await es.locator('html').getAttribute('lang')).toBe('es-VE');
      expect(await es.getByLabel('Usuario').getAttribute('autocomplete')).toBe('username');
      expect(await es.getByLabel('Contraseña').getAttribute('type')).toBe('password');
      await es.getByTestId('demo-notice').waitFor();
      expect(await es.getByTestId('demo-banner').textContent()).toContain('MODO DEMOSTRACIÓN');
      expect(await es.getByTestId('demo-notice').textContent()).toContain(
        'Existe un usuario de demostración por cada rol',
      );
      // A refusal the page makes itself is in Spanish too.
      await es.getByRole('button', { name: 'Iniciar sesión' }).click();
      expect(await es.getByTestId('sign-in-error').textContent()).toBe(
        'Ingresa tu usuario y tu contraseña.',
      );
      expect(await visibleText(es)).not.toMatch(RAW_KEY);
      await shot(es, 'sign-in-page-es.png');

      const en = await open(english);
      await en.goto('/sign-in');
      await expect
        .poll(() => en.getByRole('heading', { level: 1 }).textContent(), POLL)
        .toBe('Sign in to Lotline');
      expect(await en.locator('html').getAttribute('lang')).toBe('en-US');
      expect(await en.getByTestId('demo-banner').textContent()).toContain('DEMO MODE');
      await en.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await visibleText(en)).not.toMatch(RAW_KEY);
    } finally {
      await spanish.close();
      await english.close();
    }
  });

  describe('chosen by a signed-in user', () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await openContext(browser, served.baseUrl);
      await signIn(context, SWITCHER.username, SWITCHER.password);
    });
    afterAll(async () => {
      await context?.close();
    });

    it('switches from the user menu at once, without a reload, and stays after one', async () => {
      const page = await open(context);
      await page.goto('/plant');
      await page.getByTestId('line-list').waitFor();
      expect((await navLinks(page))[0]).toBe('Plant');
      // A mark on this document: a reload would wipe it.
      await page.evaluate(() => {
        (globalThis as unknown as { sameDocument: boolean }).sameDocument = true;
      });

      const menu = page.getByTestId('user-menu');
      await menu.getByRole('button', { name: new RegExp(SWITCHER.displayName) }).click();
      const choice = menu.getByTestId('language-choice');
      const spanish = choice.getByRole('button', { name: 'Español' });
      const english = choice.getByRole('button', { name: 'English' });
      expect(await english.getAttribute('aria-pressed')).toBe('true');
      expect(await spanish.getAttribute('aria-pressed')).toBe('false');
      expect(await spanish.getAttribute('lang')).toBe('es');
      await spanish.click();

      const inSpanish = [
        'Planta',
        'Piso de planta',
        'Producción',
        'Lotes',
        'Calidad',
        'Almacén',
        'Planificación',
        'Gemelo digital',
        'Mantenimiento',
        'Informes',
        'Auditoría',
        'Usuarios',
        'Estado del sistema',
      ];
      await expect.poll(() => navLinks(page, 'Secciones'), POLL).toEqual(inSpanish);
      expect(await page.locator('html').getAttribute('lang')).toBe('es-VE');
      expect(await menu.getByTestId('user-roles').textContent()).toBe('Administrador');
      expect(await spanish.getAttribute('aria-pressed')).toBe('true');
      expect(await menu.getByRole('link', { name: 'Cambiar contraseña' }).count()).toBe(1);
      await shot(page, 'user-menu-es.png');
      expect(
        await page.evaluate(
          () => (globalThis as unknown as { sameDocument?: boolean }).sameDocument,
        ),
      ).toBe(true);
      // Kept on the server: the next visit, anywhere, opens in Spanish.
      const me = await apiJson<{ user: { language: string } }>(context, '/api/auth/me');
      expect(me.user.language).toBe('es');

      await page.reload();
      await page.getByTestId('line-list').waitFor();
      await expect.poll(() => navLinks(page, 'Secciones'), POLL).toEqual(inSpanish);
      expect(
        await page.evaluate(
          () => (globalThis as unknown as { sameDocument?: boolean }).sameDocument,
        ),
      ).toBeUndefined();
      expect(await visibleText(page)).not.toMatch(RAW_KEY);
    });

    it('reads the Users page in Spanish, languages by their names, and creates a user there', async () => {
      const page = await open(context);
      await page.goto('/admin/users');
      await page.getByTestId('users-table').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Usuarios');
      const headers = await page.getByTestId('users-table').locator('thead th').allTextContents();
      expect(headers.slice(0, 7)).toEqual([
        'Usuario',
        'Nombre',
        'Roles',
        'Idioma',
        'Activo',
        'Bloqueado hasta',
        'Último inicio de sesión',
      ]);
      // Each user's language by its own name; the reader's roles and dates in Spanish.
      const own = page.getByTestId(`user-row-${SWITCHER.username}`);
      expect(await own.getByTestId('user-language').textContent()).toBe('Español');
      expect(await own.textContent()).toContain('Administrador');
      expect(await own.textContent()).toMatch(SPANISH_DATE);
      const viewer = page.getByTestId(`user-row-${VIEWER.username}`);
      expect(await viewer.getByTestId('user-language').textContent()).toBe('English');
      expect(await viewer.getByTestId('user-language').getAttribute('lang')).toBe('en');
      expect(await viewer.textContent()).toContain('Observador');

      await page.getByRole('button', { name: 'Nuevo usuario' }).click();
      const form = page.getByTestId('create-user-form');
      await form.getByRole('button', { name: 'Crear usuario' }).click();
      expect(await form.getByTestId('create-user-error').textContent()).toBe(
        'El usuario lleva de 2 a 64 letras, dígitos, puntos, guiones o guiones bajos.',
      );
      await form.getByLabel('Usuario', { exact: true }).fill('jose.perez');
      await form.getByLabel('Nombre para mostrar').fill('José Pérez');
      await form.getByLabel(/Almacenista/).check();
      expect(await form.getByLabel('Idioma').inputValue()).toBe('es');
      await form.getByRole('button', { name: 'Crear usuario' }).click();
      const secret = page.getByTestId('one-time-password');
      await secret.waitFor();
      expect(await secret.textContent()).toContain(
        'Usuario jose.perez creado. Su primera contraseña:',
      );
      expect(await secret.textContent()).toContain('Se muestra solo esta vez.');
      const row = page.getByTestId('user-row-jose.perez');
      await row.waitFor();
      const text = await row.textContent();
      expect(text).toContain('Almacenista (encargado de polvorín)');
      expect(text).toContain('contraseña nueva');
      expect(text).toContain('Español');
      // The API tokens issued earlier in this file, under their Spanish headings.
      expect(await page.getByRole('heading', { name: 'Tokens de API' }).count()).toBe(1);
      expect(await page.getByTestId('tokens-table').locator('thead th').first().textContent()).toBe(
        'Nombre',
      );
      expect(await page.getByTestId('token-row-ERP export').textContent()).toContain('revocado');
      expect(await visibleText(page)).not.toMatch(RAW_KEY);
      await shot(page, 'users-page-es.png', true);
    });

    it('reads the audit trail in Spanish and verifies the chain there', async () => {
      const page = await open(context);
      await page.goto('/audit');
      const table = page.getByTestId('audit-table');
      await table.waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Bitácora de auditoría',
      );
      expect(await page.getByRole('status').filter({ hasText: 'registros' }).textContent()).toBe(
        '50 registros mostrados, los más recientes primero.',
      );
      expect(await table.locator('thead th').nth(1).textContent()).toBe('Hora (UTC)');
      expect(await table.locator('tbody tr').first().locator('time').textContent()).toMatch(
        SPANISH_DATE,
      );
      await page.getByRole('button', { name: 'Verificar cadena' }).click();
      const verdict = page.getByTestId('chain-verdict');
      await verdict.waitFor();
      expect(await verdict.textContent()).toMatch(
        /^Íntegra La cadena de \d+ registros se verifica: ningún registro fue modificado/,
      );
      await page.getByRole('button', { name: 'Cargar anteriores' }).click();
      await page.getByText('No hay registros anteriores.').waitFor();
      await page.getByLabel('Acción').fill('user.created');
      await page.getByRole('button', { name: 'Aplicar filtros' }).click();
      await page.waitForURL(/action=user.created/);
      await page.getByRole('button', { name: 'Limpiar' }).waitFor();
      // Every entry left is a user created, described in Spanish beside its code.
      const words = table.getByTestId('audit-action-words');
      await expect
        .poll(async () => [...new Set(await words.allTextContents())], POLL)
        .toEqual(['Usuario creado']);
      expect(await visibleText(page)).not.toMatch(RAW_KEY);
      await shot(page, 'audit-page-es.png');
    });
  });
});
