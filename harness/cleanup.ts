/**
 * Everything a run has started (client process groups, servers, temporary folders) registers an
 * undo here, so a timeout, Ctrl-C or SIGTERM ends all of it.
 */
const undos = new Set<() => Promise<void> | void>();
let closed = false;

/**
 * Registers an undo. Once the run is being ended, whatever registers late (a scenario that was still
 * setting up when Ctrl-C came, and spawns its client afterwards) is undone at once.
 */
export function onCleanup(undo: () => Promise<void> | void): () => void {
  if (closed) {
    void Promise.resolve()
      .then(undo)
      .catch(() => {});
    return () => {};
  }
  undos.add(undo);
  return () => undos.delete(undo);
}

export async function cleanupAll(): Promise<void> {
  closed = true;
  const pending = [...undos];
  undos.clear();
  await Promise.allSettled(pending.map(async (undo) => undo()));
}
