// What a process holds, read from /proc: listening sockets (with their addresses) and descendants.
// Tests use it to prove the harness binds loopback only and leaves nothing running behind it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type ResultsJson } from './helpers.js';

export interface ListeningSocket {
  address: string;
  port: number;
  inode: string;
}

function ipv4(hex: string): string {
  // /proc/net/tcp writes the address as one little-endian 32-bit word.
  const bytes = hex
    .match(/../g)!
    .map((b) => parseInt(b, 16))
    .reverse();
  return bytes.join('.');
}

function ipv6(hex: string): string {
  // Four little-endian 32-bit words.
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  const groups = words
    .join('')
    .match(/.{4}/g)!
    .map((g) => parseInt(g, 16).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text === '0:0:0:0:0:0:0:0') return '::';
  const mapped = text.match(/^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/);
  if (mapped) {
    const n = (parseInt(mapped[1]!, 16) << 16) | parseInt(mapped[2]!, 16);
    return `::ffff:${[(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}`;
  }
  return text;
}

/** Every TCP socket in LISTEN state in this network namespace. */
export function allListeningSockets(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const [file, parse] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue; // TCP_LISTEN
      const [address, port] = fields[1]!.split(':');
      sockets.push({ address: parse(address!), port: parseInt(port!, 16), inode: fields[9]! });
    }
  }
  return sockets;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = target.match(/^socket:\[(\d+)\]$/)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return inodes;
}

/** The listening sockets a process holds open. */
export function listeningSocketsOf(pid: number): ListeningSocket[] {
  const inodes = socketInodes(pid);
  return allListeningSockets().filter((s) => inodes.has(s.inode));
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}

/** Pids of every live process whose command line mentions `needle`. */
export function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const zombie = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
      if (!zombie && cmdline.includes(needle)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The peak resident set size of a running process in bytes (VmHWM), or undefined once it is gone. */
export function peakRssOf(pid: number): number | undefined {
  try {
    const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface HarnessProcess {
  child: ChildProcess;
  outDir: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the harness has exited and closed its output. */
  exited: Promise<number | string | null>;
  results(): Promise<(ResultsJson & { partial: boolean }) | undefined>;
}

/** Starts the CLI as its own process with --out into a fresh folder, without waiting for it. */
export async function startHarness(args: string[], env: NodeJS.ProcessEnv = {}): Promise<HarnessProcess> {
  const outDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-test-'));
  const child = spawn(process.execPath, [CLI, ...args, '--out', outDir], { env: { ...process.env, FORCE_COLOR: '0', ...env } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve(code ?? signal);
    }),
  );
  return {
    child,
    outDir,
    output: () => output,
    exited,
    results: async () => {
      try {
        return JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as ResultsJson & { partial: boolean };
      } catch {
        return undefined;
      }
    },
  };
}
