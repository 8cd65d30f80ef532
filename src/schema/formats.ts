/** String formats of the topology schema that ajv-formats does not have: CIDR prefixes. */
import { createRequire } from 'node:module';
import { isDottedDecimal } from '../net/cidr.js';

// A CommonJS package, loaded with `require`: imported as an ES module, Node.js 20 would first scan
// its source for exports, and that scan took about a tenth of a warm pre-commit run.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js');

const PREFIX_LENGTH = /^(0|[1-9][0-9]?|1[01][0-9]|12[0-8])$/;

function splitCidr(value: string): [string, number] | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const length = value.slice(slash + 1);
  if (!PREFIX_LENGTH.test(length)) return undefined;
  return [value.slice(0, slash), Number(length)];
}

/** `a.b.c.d/n`, four decimal octets (no octal or hex shorthands), n from 0 to 32. */
export function isIpv4Cidr(value: string): boolean {
  // Plain dotted decimal, the form nearly every prefix takes, is settled without ipaddr.js's general
  // parser (this runs for every prefix of every file); anything else takes the full check.
  if (isDottedDecimal(value)) return true;
  const parts = splitCidr(value);
  return !!parts && parts[1] <= 32 && ipaddr.IPv4.isValidFourPartDecimal(parts[0]) && !/(^|\.)0\d/.test(parts[0]);
}

/** An IPv6 address in any RFC 4291 text form, then `/n` with n from 0 to 128; no zone index. */
export function isIpv6Cidr(value: string): boolean {
  const parts = splitCidr(value);
  return !!parts && !parts[0].includes('%') && parts[0].includes(':') && ipaddr.IPv6.isValid(parts[0]);
}

/** Either family. */
export function isIpCidr(value: string): boolean {
  return isIpv4Cidr(value) || isIpv6Cidr(value);
}

/** The formats, keyed by the names the schema uses, with the wording messages use. */
export const cidrFormats = {
  'ipv4-cidr': { validate: isIpv4Cidr, expected: 'an IPv4 prefix in CIDR notation such as `192.0.2.0/30`' },
  'ipv6-cidr': { validate: isIpv6Cidr, expected: 'an IPv6 prefix in CIDR notation such as `2001:db8::/126`' },
  'ip-cidr': { validate: isIpCidr, expected: 'an IPv4 or IPv6 prefix in CIDR notation such as `10.1.0.0/16`' },
} as const;
