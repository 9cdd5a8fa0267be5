/**
 * The source of a login attempt, as the failed-login throttle counts it (throttle.ts): the
 * client's address (fastify's `request.ip`, which follows X-Forwarded-For only from the proxies
 * PARLEY_TRUSTED_PROXIES names; clientAddressOf gives the same for a raw request, such as a
 * WebSocket upgrade, which fastify never sees). An IPv4-mapped IPv6 address is its IPv4 address; other IPv6
 * addresses count by their /64 network, since one host commonly holds a whole /64.
 * A transport that cannot tell the address counts all its attempts as one source, UNATTRIBUTED.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';

export const UNATTRIBUTED = 'unattributed';

export function sourceOf(ip: string | undefined): string {
  if (!ip) return UNATTRIBUTED;
  const address = ip.replace(/%.*$/, ''); // an IPv6 zone (fe80::1%eth0) names no other host
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return UNATTRIBUTED;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** A raw request's client address, as fastify's `request.ip` with `trustProxy: trustedProxies`. */
export function clientAddressOf(
  trustedProxies: readonly string[],
): (request: IncomingMessage) => string | undefined {
  if (trustedProxies.length === 0) return (request) => request.socket.remoteAddress;
  const trust = proxyAddr.compile([...trustedProxies]);
  return (request) => proxyAddr(request, trust);
}

/** The eight 16-bit groups of a valid IPv6 address, lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  // A trailing dotted quad (::ffff:1.2.3.4 style) is the last two groups.
  const withoutQuad = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) => {
    const [x, y, z, w] = [a, b, c, d].map(Number) as [number, number, number, number];
    return `${((x << 8) | y).toString(16)}:${((z << 8) | w).toString(16)}`;
  });
  const [head = '', tail] = withoutQuad.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
