import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, DomainError, type ErrorCode } from '../errors.js';
import { protocolError, renderError } from './bayeux-error.js';

test('every catalog error renders as "<code>::<message>" with its GWS status pair', () => {
  for (const code of Object.keys(catalog) as ErrorCode[]) {
    const rendered = renderError(new DomainError(code));
    assert.match(rendered.error, /^[2-5]\d\d::/, code);
    assert.equal(rendered.error.slice(5), catalog[code].message, code);
    assert.deepEqual(rendered.ext, {
      statusCode: catalog[code].statusCode,
      statusMessage: catalog[code].message,
    });
    assert.equal(rendered.unexpected, false);
  }
  assert.equal(renderError(new DomainError('NotAuthenticated')).error, '401::Access denied');
});

test('anything else renders as Internal without its text', () => {
  const rendered = renderError(new TypeError('secret detail'));
  assert.equal(rendered.error, '500::Internal error');
  assert.deepEqual(rendered.ext, { statusCode: 4, statusMessage: 'Internal error' });
  assert.equal(rendered.unexpected, true);
  assert.equal(renderError('a string').unexpected, true);
});

test('protocol errors follow the Bayeux code::message form', () => {
  const fixed = Object.values(protocolError).filter((value) => typeof value === 'string');
  assert.ok(fixed.length > 10);
  for (const error of [...fixed, protocolError.invalidField('version'), protocolError.tooLarge(10)]) {
    assert.match(error, /^\d{3}::\S/);
  }
});
