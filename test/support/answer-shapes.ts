/**
 * What every answer must look like, whatever was asked: never a 5xx; the GWS envelope (spec §1.3:
 * a JSON object with an integer statusCode, success without statusMessage, a failure exactly
 * `{statusCode, statusMessage}` with the HTTP status the catalog gives that error, src/errors.ts);
 * on the notifications a Bayeux array of replies, every refused one `successful:false` with a
 * `code::message` error (Bayeux 1.0 §3.14). No stack trace or file path in any message.
 * Each check returns what is wrong, or undefined.
 */
import type { LightMyRequestResponse } from 'fastify';
import { catalog } from '../../src/errors.js';
import type { AnswerKind } from './fuzz-targets.js';

/** The HTTP statuses the catalog allows for each GWS statusCode. */
const HTTP_FOR = new Map<number, Set<number>>();
for (const entry of Object.values(catalog)) {
  const set = HTTP_FOR.get(entry.statusCode) ?? new Set<number>();
  set.add(entry.http);
  HTTP_FOR.set(entry.statusCode, set);
}

const LEAKY = /\n\s+at |node_modules|\/work\/|\.ts:\d|Error: /;

function isJson(response: LightMyRequestResponse): boolean {
  return String(response.headers['content-type'] ?? '').startsWith('application/json');
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function gwsProblem(response: LightMyRequestResponse): string | undefined {
  if (response.statusCode >= 500) return `HTTP ${response.statusCode}`;
  if (!isJson(response)) return `content-type ${String(response.headers['content-type'])}`;
  const body = parse(response.body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const { statusCode, statusMessage } = body as { statusCode?: unknown; statusMessage?: unknown };
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) return 'no integer statusCode';
  if (statusCode === 0) {
    if (response.statusCode !== 200) return `statusCode 0 with HTTP ${response.statusCode}`;
    return statusMessage === undefined ? undefined : 'a statusMessage on success';
  }
  if (Object.keys(body).sort().join(',') !== 'statusCode,statusMessage') return 'a failure with other fields';
  if (typeof statusMessage !== 'string' || statusMessage === '') return 'an empty statusMessage';
  if (LEAKY.test(statusMessage)) return 'internals in statusMessage';
  if (!HTTP_FOR.get(statusCode)?.has(response.statusCode))
    return `statusCode ${statusCode} with HTTP ${response.statusCode}`;
  return undefined;
}

const BAYEUX_ERROR = /^\d{3}:[^:]*:.+/;

/** One reply (or delivered message) of a Bayeux response. */
function replyProblem(reply: unknown): string | undefined {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply))
    return 'a reply that is not an object';
  const { channel, successful, error } = reply as {
    channel?: unknown;
    successful?: unknown;
    error?: unknown;
  };
  // A reply names the message's channel, even an invalid one (`""` included); a missing one is /meta/unsuccessful.
  if (typeof channel !== 'string') return 'a reply without a channel';
  const isReply = channel.startsWith('/meta/') || 'successful' in reply;
  if (!isReply) return 'data' in reply ? undefined : 'a message without data';
  if (typeof successful !== 'boolean') return 'a reply without successful';
  if (successful) return undefined;
  if (typeof error !== 'string' || !BAYEUX_ERROR.test(error)) return `a refusal with error ${String(error)}`;
  return LEAKY.test(error) ? 'internals in error' : undefined;
}

export function bayeuxProblem(response: LightMyRequestResponse): string | undefined {
  if (response.statusCode >= 500) return `HTTP ${response.statusCode}`;
  if (!isJson(response)) return `content-type ${String(response.headers['content-type'])}`;
  const body = parse(response.body);
  // Refused before any Bayeux handling (a path that is no URL, a wrong method): a GWS failure.
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && response.statusCode >= 400)
    return gwsProblem(response);
  if (!Array.isArray(body) || body.length === 0) return 'not a non-empty array';
  for (const reply of body) {
    const problem = replyProblem(reply);
    if (problem) return problem;
  }
  return undefined;
}

/** The answer to a request of `method` to a route of `kind` (sent with the route's own method or not). */
export function answerProblem(
  kind: AnswerKind,
  method: string,
  response: LightMyRequestResponse,
): string | undefined {
  if (response.statusCode >= 500) return `HTTP ${response.statusCode}`;
  const empty = response.body === '';
  if (method === 'HEAD') return empty ? undefined : gwsProblem(response);
  if (kind === 'preflight' || method === 'OPTIONS')
    return empty && response.statusCode < 300 ? undefined : gwsProblem(response);
  if (kind === 'bayeux') return bayeuxProblem(response);
  if (response.statusCode === 405) {
    // Method not allowed: the Allow header names what is, and never the method just refused.
    const allow = String(response.headers.allow ?? '').split(/,\s*/);
    if (allow.includes(method) || allow[0] === '') return `405 for ${method} with Allow: ${allow.join(', ')}`;
  }
  if (kind === 'static' && response.statusCode < 400) return undefined;
  if (kind === 'document' && response.statusCode === 200) {
    const body = parse(response.body);
    return body !== null && typeof body === 'object' && 'openapi' in body
      ? undefined
      : 'not the OpenAPI document';
  }
  return gwsProblem(response);
}
