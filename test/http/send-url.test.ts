/**
 * SendUrl sends the customer only absolute http(s) URLs (spec §2 SendUrl, §3.1 PushUrl): a
 * `javascript:`, `data:` or `vbscript:` URL, a relative one, or one whose scheme hides behind
 * case, whitespace, control or invisible characters is refused with statusCode 10 naming `url`,
 * and nothing reaches the customer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { acceptedChat, customerView, operate, readyAgent, Recorder } from '../support/chat-helpers.js';

const REFUSED = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  'javascript://example.com/%0aalert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DaTa:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'VBScript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://example.com/bill',
  '/relative/path',
  'bill.html',
  '//example.com/bill',
  'example.com/bill',
  'https:example.com',
  'https:/example.com',
  'https:///example.com',
  'https:\\\\example.com',
  'https://\\example.com',
  'https://',
  ' https://example.com',
  'https://example.com ',
  'https://exa mple.com',
  'https://example.com/\nx',
  'https://example.com/\u0000',
  'https://example.com/\u202Efdp.exe',
  'https://exa\u200Bmple.com',
  'https://bank.example@evil.example/',
];

const ACCEPTED = [
  'https://example.com/bill',
  'http://example.com',
  'HTTPS://EXAMPLE.COM/Bill?x=1#top', // RFC 3986 §3.1: the scheme is case-insensitive
  'https://medium.com/@parley/a-post',
  'http://[::1]:8080/x',
];

describe('SendUrl', () => {
  let t: TestApp;
  let ann: Agent;
  let chatId: string;
  let token: string;
  before(async () => {
    t = await startTestApp();
    const rec = new Recorder(t);
    ann = await readyAgent(t, 'ann');
    ({ chatId, token } = await acceptedChat(t, rec, ann));
  });
  after(() => t.close());

  const pushed = async () =>
    (await customerView(t, token)).messages.filter((m) => m.type === 'PushUrl').map((m) => m.url);

  test('anything but an absolute http(s) URL: statusCode 10 naming url; the customer gets nothing', async () => {
    for (const url of REFUSED) {
      const answer = await operate(t, ann, chatId, { operationName: 'SendUrl', url });
      assert.deepEqual(
        answer,
        { statusCode: 10, statusMessage: "Parameter 'url' must be an absolute http or https URL" },
        JSON.stringify(url),
      );
    }
    assert.deepEqual(await pushed(), []);
  });

  test('absolute http(s) URLs reach the customer as PushUrl, unchanged', async () => {
    for (const url of ACCEPTED) {
      const answer = await operate(t, ann, chatId, { operationName: 'SendUrl', url, text: 'see here' });
      assert.equal(answer.statusCode, 0, `${url}: ${JSON.stringify(answer)}`);
    }
    assert.deepEqual(await pushed(), ACCEPTED);
  });
});
