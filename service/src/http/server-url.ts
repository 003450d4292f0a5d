import { isIPv6 } from 'node:net';

/**
 * Returns the base URL at which a client on this machine reaches a server listening on `host`
 * and `port`. A server on every interface (0.0.0.0 or ::) is reached through the loopback address
 * of the same IP family, and an IPv6 address is written in brackets.
 */
export function serverUrl(host: string, port: number): string {
  let urlHost = host;
  if (host === '0.0.0.0') urlHost = '127.0.0.1';
  else if (host === '::') urlHost = '[::1]';
  else if (isIPv6(host)) urlHost = `[${host}]`;
  return `http://${urlHost}:${port}`;
}
