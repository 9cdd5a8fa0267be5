/**
 * Absolute `uri` and relative `path` fields (spec §1.1): `path` is relative to `/api/v2`
 * (`/users/<id>`), `uri` is absolute. The base is PUBLIC_URL when set (behind a proxy), else the
 * request's own scheme and host.
 */
import type { FastifyRequest } from 'fastify';

export type Links = (path: string) => string;

export function linksFor(request: FastifyRequest, publicUrl: string | undefined): Links {
  const base = publicUrl ?? `${request.protocol}://${request.host}`;
  return (path) => `${base}/api/v2${path}`;
}
