// The Dice overlap of two binary masks: 2|A∩B| / (|A| + |B|); both empty → 1.

export function dice(a: Uint8Array, b: Uint8Array): number {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    na += x;
    nb += y;
    both += x & y;
  }
  return diceFromCounts(both, na, nb);
}

export function diceFromCounts(intersection: number, countA: number, countB: number): number {
  return countA + countB === 0 ? 1 : (2 * intersection) / (countA + countB);
}
