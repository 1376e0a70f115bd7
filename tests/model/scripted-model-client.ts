// A scripted test client of the model server: one running server per test, plain fetch, SSE parsed by hand, so a
// wire format's test reads like the exchange an agent makes.
import { Recorder } from '../../mock-servers/recorder.js';
import { startModelServer, type RunningModelServer } from '../../mock-servers/model/server.js';

export interface ModelServerUnderTest {
  server: RunningModelServer;
  recorder: Recorder;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function modelServerUnderTest(): Promise<ModelServerUnderTest> {
  const recorder = new Recorder();
  const server = await startModelServer(recorder);
  return {
    server,
    recorder,
    post: (path, body, headers = {}) =>
      fetch(`${server.origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, headers = {}) => fetch(`${server.origin}${path}`, { headers }),
    close: () => server.close(),
  };
}

/** The events of a server-sent events body: `event` (when named) and `data` parsed as JSON where it is JSON. */
export async function sseEvents(response: Response): Promise<{ event?: string; data: unknown }[]> {
  const text = await response.text();
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const raw = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      let data: unknown = raw;
      try {
        data = JSON.parse(raw);
      } catch {
        // `[DONE]` and other plain data stay text
      }
      return event ? { event, data } : { data };
    });
}
