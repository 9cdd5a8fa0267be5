import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../errors.js';
import type { BayeuxPrincipal } from './message.js';
import { alice, protocolFixture } from './test-support/fixture.js';

const callers: BayeuxPrincipal[] = [];
const services = {
  '/service/echo': async (data: unknown, principal: BayeuxPrincipal) => {
    callers.push(principal);
    return { echo: data };
  },
  '/service/nothing': async () => undefined,
  '/service/missing': async () => {
    throw new DomainError('NotFound', 'Chat not found');
  },
  '/service/broken': async () => {
    throw new Error('database password is hunter2');
  },
};

test('a service call is answered with the publish reply and the result on the same channel', async () => {
  const fixture = protocolFixture({ services });
  const clientId = await fixture.handshake();
  const replies = await fixture.send([{ channel: '/service/echo', id: '9', clientId, data: { text: 'hi' } }]);
  assert.deepEqual(replies, [
    { id: '9', channel: '/service/echo', successful: true },
    { id: '9', channel: '/service/echo', successful: true, data: { echo: { text: 'hi' } } },
  ]);
  assert.deepEqual(callers.at(-1), alice, 'the handler gets the session principal');
  const [, empty] = await fixture.send([{ channel: '/service/nothing', id: '10', clientId }]);
  assert.equal(empty?.data, null, 'an undefined result still carries data, so the client sees a result');
  fixture.close();
});

test('unknown services, domain errors and unexpected errors', async () => {
  const fixture = protocolFixture({ services });
  const clientId = await fixture.handshake();
  const replies = await fixture.send([
    { channel: '/service/nope', id: '1', clientId },
    { channel: '/service/missing', id: '2', clientId },
    { channel: '/service/broken', id: '3', clientId },
  ]);
  assert.deepEqual(replies, [
    { id: '1', channel: '/service/nope', successful: false, error: '404::unknown service' },
    {
      id: '2',
      channel: '/service/missing',
      successful: false,
      error: '404::Chat not found',
      ext: { statusCode: 6, statusMessage: 'Chat not found' },
    },
    {
      id: '3',
      channel: '/service/broken',
      successful: false,
      error: '500::Internal error',
      ext: { statusCode: 4, statusMessage: 'Internal error' },
    },
  ]);
  assert.equal(
    fixture.logger.entries.filter((entry) => entry.level === 'error').length,
    1,
    'only the unexpected one',
  );
  fixture.close();
});

test('a service call needs a session', async () => {
  const fixture = protocolFixture({ services });
  const [reply] = await fixture.send([{ channel: '/service/echo', id: '1', data: 1 }]);
  assert.equal(reply?.error, '400::missing clientId');
  fixture.close();
});
