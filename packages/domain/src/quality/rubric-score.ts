import type { Problem } from '../shared/domain-error.ts';

export interface RubricItem {
  item: string;
  /** Relative weight (> 0); weights need not add up to 100. */
  weight: number;
  /** 0..100 */
  score: number;
}

/** The evaluation's score: the weighted mean of its items, to one decimal (0–100). */
export function rubricScore(rubric: readonly RubricItem[]): number {
  let weights = 0;
  let sum = 0;
  for (const r of rubric) {
    weights += r.weight;
    sum += r.weight * r.score;
  }
  return weights === 0 ? 0 : Math.round((sum / weights) * 10) / 10;
}

/** Every problem of a rubric at once, with its path. */
export function rubricProblems(rubric: readonly RubricItem[], path = 'rubric'): Problem[] {
  const problems: Problem[] = [];
  if (rubric.length === 0) problems.push({ path, message: 'needs at least one item' });
  if (rubric.length > 50) problems.push({ path, message: 'has more than 50 items' });
  const seen = new Set<string>();
  rubric.forEach((r, i) => {
    const at = `${path}[${i}]`;
    const name = r.item.trim();
    if (name === '') problems.push({ path: `${at}.item`, message: 'must not be empty' });
    else if (name.length > 200)
      problems.push({ path: `${at}.item`, message: 'is longer than 200 characters' });
    else if (seen.has(name.toLowerCase()))
      problems.push({ path: `${at}.item`, message: `repeats "${name}"` });
    seen.add(name.toLowerCase());
    if (!Number.isFinite(r.weight) || r.weight <= 0) {
      problems.push({ path: `${at}.weight`, message: 'must be a number above 0' });
    }
    if (!Number.isFinite(r.score) || r.score < 0 || r.score > 100) {
      problems.push({ path: `${at}.score`, message: 'must be between 0 and 100' });
    }
  });
  return problems;
}
