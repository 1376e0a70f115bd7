// A stand-in browser for tests that drive a client by hand against `serve`: follows the URL it is given
// through redirects (loopback only), as a person's browser would.
const start = process.argv[process.argv.length - 1] ?? '';
let url = start;
for (let hop = 0; hop < 10; hop += 1) {
  const host = new URL(url).hostname;
  if (!/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host)) throw new Error(`refusing non-loopback ${url}`);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) break;
  url = new URL(location, url).href;
}
