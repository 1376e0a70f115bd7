/** The closest known name to a misspelt one (edit distance at most 2, else one that is a prefix of the other). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    return d[a.length]![b.length]!;
  };
  const lower = name.toLowerCase();
  const prefix = known.find((k) => k.length >= 4 && (lower.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(lower)));
  const best = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.k : prefix;
}

/** ` (did you mean 'x'?)` for the closest known name, or nothing when none is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const guess = closestName(name, known);
  return guess ? ` (did you mean '${guess}'?)` : '';
}
