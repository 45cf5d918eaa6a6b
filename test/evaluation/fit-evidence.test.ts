// The evidence model's fit, and the check that fits it on one half of dev and measures it on the other.
import { describe, expect, it } from 'vitest';
import { crossHalfCheck, fitEvidenceModel, halves } from '../../src/evaluation/fit-evidence.ts';
import type { EvidenceFeatures } from '../../src/retrieval/coverage-evidence.ts';

const features = (senseCoverage: number, namedGap = 0): EvidenceFeatures => ({
  literalCoverage: senseCoverage,
  senseCoverage,
  corpusCoverage: senseCoverage,
  vectorSimilarity: 0.2,
  quantityGap: 0,
  namedGap,
});

// In scope: most of the question found; out of scope: little found, or a name the corpus lacks.
const samples = [
  ...Array.from({ length: 40 }, (_, index) => ({ id: `in-${index + 1}`, inScope: true, features: features(0.5 + (index % 10) / 20) })),
  ...Array.from({ length: 20 }, (_, index) => ({ id: `out-${index + 1}`, inScope: false, features: features((index % 5) / 20, Math.floor(index / 2) % 2) })),
];

describe('fitting the evidence model', () => {
  it('weighs only the features it is given, with the signs the evidence calls for', () => {
    const model = fitEvidenceModel(samples, { features: ['senseCoverage', 'namedGap'] });
    expect(Object.keys(model.weights).sort()).toEqual(['namedGap', 'senseCoverage']);
    expect(model.weights.senseCoverage).toBeGreaterThan(0);
    expect(model.weights.namedGap).toBeLessThan(0);
  });

  it('splits each id series alternately, so that both halves hold every kind of question', () => {
    const half = halves(['zoos-001', 'zoos-003', 'zoos-005', 'zoos-007', 'g1', 'g2', 'd10']);
    expect([half.get('zoos-001'), half.get('zoos-003'), half.get('zoos-005'), half.get('zoos-007')]).toEqual([0, 1, 0, 1]);
    expect([half.get('g1'), half.get('g2'), half.get('d10')]).toEqual([0, 1, 0]);
  });

  it('measures a model fitted on one half on the other, at the threshold the fitting half allows', () => {
    const checks = crossHalfCheck(samples, [{ id: 'out-21', inScope: false }], [0.1, 0.3, 0.5]);
    expect(checks.map((check) => check.fittedOn)).toEqual([0, 1]);
    for (const check of checks) {
      expect(check.recall).toBeGreaterThan(0.8);
      expect(check.wronglyAbstained).toBeLessThanOrEqual(0.1);
    }
  });

  it('shows up a feature that tells the classes apart on one half only', () => {
    // Out of scope: on half 1 only a name gap tells them apart; on half 0 they look like in-scope questions with no name gap.
    const lopsided = [
      ...Array.from({ length: 20 }, (_, index) => ({ id: `in-${index + 1}`, inScope: true, features: features(0.6) })),
      ...Array.from({ length: 10 }, (_, index) => ({ id: `out-${index + 1}`, inScope: false, features: features(0.6, index % 2) })),
    ];
    const [fittedOnFirst, fittedOnSecond] = crossHalfCheck(lopsided, [], [0.1, 0.3, 0.5]);
    expect(fittedOnSecond!.recall).toBe(0);
    expect(fittedOnFirst!.recall).toBeLessThan(0.5);
  });
});
