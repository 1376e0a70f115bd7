// Installed as xdg-open, open, sensible-browser, x-www-browser and www-browser in a client's PATH:
// hands the URL the client wants opened to the harness's user agent, and returns at once as a launcher does.
const [userAgentUrl, argv0, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  if (!userAgentUrl) return 2;
  try {
    const response = await fetch(userAgentUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ argv0, args }),
    });
    return response.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`browser shim: cannot reach the harness user agent: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
