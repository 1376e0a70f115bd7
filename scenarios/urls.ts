// Small pure facts about URLs that the checks, the mock servers and the harness all need the same answer to.

const SCHEME_PREFIX = /^[a-z][a-z0-9+.-]*:/i;
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Whether a string starts with a URI scheme (RFC 3986 §3.1): an absolute URI such as `javascript:…`, not a path. */
export function hasScheme(value: string): boolean {
  return SCHEME_PREFIX.test(value);
}

/** Whether a host name as `URL.hostname` gives it (IPv6 in brackets) is loopback: localhost, 127.0.0.0/8 or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOST.test(hostname);
}
