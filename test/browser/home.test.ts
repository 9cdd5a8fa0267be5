/**
 * `/` in Chromium: the console is served from Parley's own origin with its security headers,
 * signs a user in with the GWS session (Basic once, then the cookie) and links to the screens
 * the user's roles give; a wrong password is told, not a crash.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import { browserSuite } from './suite.js';

describe('the console home page', chromiumSkip(), () => {
  const suite = browserSuite('home');

  test('GET / is the console page with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${suite.e2e.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const missing = await fetch(`${suite.e2e.url}/no-such-page`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { statusCode: 6, statusMessage: 'Requested resource not found' });
  });

  test('sign in: a wrong password is refused on the form, the right one links to the screens', async () => {
    const supervisor = suite.e2e.name('sam');
    await suite.e2e.createUser(supervisor, ['ROLE_SUPERVISOR', 'ROLE_AGENT'], 'sam-password');
    const page = await suite.browser.newPage();
    await page.goto(`${suite.e2e.url}/`);
    await page.getByLabel('User name').fill(supervisor);
    await page.getByLabel('Password').fill('wrong-password');
    await assertAccessible(page, 'sign in');
    await suite.shots.take(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
    await page.getByLabel('Password').fill('sam-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Supervisor console' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Agent desk' }).count(), 1);
    await assertAccessible(page, 'home');
    await suite.shots.take(page, 'signed-in');
    await page.reload();
    await page.getByRole('link', { name: 'Supervisor console' }).waitFor(); // the cookie carries the session
    await page.close();
  });

  test('every screen before sign-in, and Parley’s own demo page, pass axe-core', async () => {
    const page = await suite.browser.newPage();
    for (const [path, heading] of [
      ['/agent/', 'Agent desk'],
      ['/supervisor/', 'Supervisor console'],
    ] as const) {
      await page.goto(`${suite.e2e.url}${path}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.getByLabel('User name').waitFor();
      await assertAccessible(page, `${path} sign-in`);
      await suite.shots.take(page, `${path.slice(1, -1)}-sign-in`);
    }
    // The demo embeds the widget from Parley itself (README "Customers"); open, its start form.
    await page.goto(`${suite.e2e.url}/demo/`);
    await page.getByRole('button', { name: /chat/i }).first().click();
    await page
      .getByLabel(/nickname|name/i)
      .first()
      .waitFor();
    await assertAccessible(page, '/demo/ with the widget open');
    await suite.shots.take(page, 'demo-widget-open');
    await page.close();
  });
});
