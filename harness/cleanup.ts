/**
 * Everything a run has started (client process groups, servers, temporary folders) registers an
 * undo here, so a timeout, Ctrl-C or SIGTERM ends all of it.
 */
const undos = new Set<() => Promise<void> | void>();

export function onCleanup(undo: () => Promise<void> | void): () => void {
  undos.add(undo);
  return () => undos.delete(undo);
}

export async function cleanupAll(): Promise<void> {
  const pending = [...undos];
  undos.clear();
  await Promise.allSettled(pending.map(async (undo) => undo()));
}
