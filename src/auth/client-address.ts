import { normalizeIp } from '@nestjs/throttler';

/**
 * The client address that the log-in limits and the password-hashing queue count by: an
 * IPv6 address by its /64 (one subscriber's whole range), IPv4-mapped IPv6 as plain IPv4, as
 * @nestjs/throttler counts. Behind a reverse proxy this is the client only when TRUST_PROXY is set.
 */
export function clientAddress(req: { ip?: string }): string {
  return req.ip ? normalizeIp(req.ip) : 'unknown';
}
