import type { RequestHandler } from 'express';
import type { WellKnownFallback } from '../scenarios/types.js';

const LOGIN_PATH = '/login';
const PAGE = '<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in</h1><form method="post"></form></body></html>';

/**
 * What real hosts answer at a .well-known URL they do not serve: a single-page app's HTML catch-all (200), or
 * a 302 to an HTML login page. Mounted after the served routes, so only unserved URLs reach it.
 */
export function wellKnownFallback(kind: WellKnownFallback | undefined): RequestHandler {
  return (req, res, next) => {
    if (!kind || req.method !== 'GET') return next();
    const isWellKnown = req.path.includes('/.well-known/');
    if (kind === 'redirect' && req.path === LOGIN_PATH) return void res.status(200).type('html').send(PAGE);
    if (!isWellKnown) return next();
    if (kind === 'html') return void res.status(200).type('html').send(PAGE);
    res.redirect(302, `${LOGIN_PATH}?next=${encodeURIComponent(req.originalUrl)}`);
  };
}
