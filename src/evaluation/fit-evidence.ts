// Fits the coverage evidence model on gold questions: a logistic regression of "in scope" on the
// evidence features, classes weighted equally (out-of-scope questions are the fewer), with a small
// L2 penalty, by batch gradient descent on standardised features. Run on dev only. To tell a
// principle from a fit to dev's own questions, it is also fitted on each half of dev and measured on
// the other half (crossHalfCheck): a feature is kept only when it helps there on both.
import { evidenceProbability, type EvidenceFeatures, type EvidenceModel } from '../retrieval/coverage-evidence.ts';

export interface LabelledEvidence {
  features: EvidenceFeatures;
  inScope: boolean;
}

/** The features the model weighs (settings.evidence). */
export const MODEL_FEATURES: ReadonlyArray<keyof EvidenceFeatures> = [
  'literalCoverage',
  'senseCoverage',
  'corpusCoverage',
  'vectorSimilarity',
  'quantityGap',
  'namedGap',
];

/** Weights and intercept on the features' own scale; thresholds are left to the caller. */
export function fitEvidenceModel(
  samples: readonly LabelledEvidence[],
  options: { features?: ReadonlyArray<keyof EvidenceFeatures>; l2?: number; iterations?: number; learningRate?: number } = {},
): Pick<EvidenceModel, 'weights' | 'intercept'> {
  const features = options.features ?? MODEL_FEATURES;
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 4000;
  const learningRate = options.learningRate ?? 0.2;
  const columns = features.map((feature) => samples.map((sample) => sample.features[feature]));
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / Math.max(1, column.length));
  const deviations = columns.map(
    (column, index) => Math.sqrt(column.reduce((sum, value) => sum + (value - means[index]!) ** 2, 0) / Math.max(1, column.length)) || 1,
  );
  const rows = samples.map((_, row) => columns.map((column, index) => (column[row]! - means[index]!) / deviations[index]!));
  const positives = samples.filter((sample) => sample.inScope).length;
  const negatives = samples.length - positives;
  const classWeight = (inScope: boolean) => 0.5 / Math.max(1, inScope ? positives : negatives);

  const weights = new Array<number>(features.length).fill(0);
  let intercept = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(features.length).fill(0);
    let interceptGradient = 0;
    rows.forEach((row, index) => {
      const inScope = samples[index]!.inScope;
      const logit = intercept + row.reduce((sum, value, feature) => sum + value * weights[feature]!, 0);
      const error = (1 / (1 + Math.exp(-logit)) - (inScope ? 1 : 0)) * classWeight(inScope);
      row.forEach((value, feature) => (gradient[feature]! += error * value));
      interceptGradient += error;
    });
    weights.forEach((weight, feature) => (weights[feature] = weight - learningRate * (gradient[feature]! + l2 * weight)));
    intercept -= learningRate * interceptGradient;
  }
  // Back to the features' own scale.
  const raw = Object.fromEntries(features.map((feature, index) => [feature, round(weights[index]! / deviations[index]!)])) as EvidenceModel['weights'];
  const rawIntercept = round(intercept - features.reduce((sum, _, index) => sum + (weights[index]! * means[index]!) / deviations[index]!, 0));
  return { weights: raw, intercept: rawIntercept };
}

export interface HalfCheck {
  /** Which half the model was fitted on (0: the first, third, … question of each id series). */
  fittedOn: 0 | 1;
  /** The highest threshold of the sweep that wrongly abstains on at most `maxWrongly` of the fitting half's in-scope questions. */
  threshold: number;
  /** On the other half, at that threshold: the share of out-of-scope questions said to be not covered, and of in-scope ones wrongly so. */
  recall: number;
  wronglyAbstained: number;
}

/**
 * Fits on each half of the questions and measures on the other. Halves alternate within each id
 * series (zoos-001, zoos-005, … against zoos-003, zoos-007, …), so that both hold every kind of question.
 * Questions without evidence (nothing retrieved) count as not covered, as retrieval says.
 */
export function crossHalfCheck(
  samples: ReadonlyArray<LabelledEvidence & { id: string }>,
  unscored: ReadonlyArray<{ id: string; inScope: boolean }>,
  thresholds: readonly number[],
  options: { features?: ReadonlyArray<keyof EvidenceFeatures>; maxWrongly?: number } = {},
): HalfCheck[] {
  const half = halves([...samples, ...unscored].map((sample) => sample.id));
  const maxWrongly = options.maxWrongly ?? 0.05;
  return ([0, 1] as const).map((fittedOn) => {
    const fitting = samples.filter((sample) => half.get(sample.id) === fittedOn);
    const model = fitEvidenceModel(fitting, options);
    const probability = (features: EvidenceFeatures) => evidenceProbability(features, { ...model, notCoveredBelow: 0, partialBelow: 0 });
    const scored = (which: 0 | 1) => [
      ...samples.filter((sample) => half.get(sample.id) === which).map((sample) => ({ inScope: sample.inScope, probability: probability(sample.features) })),
      ...unscored.filter((sample) => half.get(sample.id) === which).map((sample) => ({ inScope: sample.inScope, probability: 0 })),
    ];
    const rates = (rows: ReadonlyArray<{ inScope: boolean; probability: number }>, threshold: number) => {
      const outOfScope = rows.filter((row) => !row.inScope);
      const inScope = rows.filter((row) => row.inScope);
      return {
        recall: outOfScope.filter((row) => row.probability < threshold).length / Math.max(1, outOfScope.length),
        wronglyAbstained: inScope.filter((row) => row.probability < threshold).length / Math.max(1, inScope.length),
      };
    };
    const own = scored(fittedOn);
    const threshold = thresholds.filter((candidate) => rates(own, candidate).wronglyAbstained <= maxWrongly).at(-1) ?? thresholds[0]!;
    const other = rates(scored(fittedOn === 0 ? 1 : 0), threshold);
    return { fittedOn, threshold, recall: Math.round(other.recall * 1000) / 1000, wronglyAbstained: Math.round(other.wronglyAbstained * 1000) / 1000 };
  });
}

/** Which half each id falls in: its place among the ids of its series (the id without its trailing number), alternately. */
export function halves(ids: readonly string[]): Map<string, 0 | 1> {
  const series = new Map<string, Array<{ id: string; number: number }>>();
  for (const id of ids) {
    const [, prefix = id, digits = '0'] = /^(.*?)(\d*)$/u.exec(id) ?? [];
    const members = series.get(prefix) ?? [];
    members.push({ id, number: Number(digits || 0) });
    series.set(prefix, members);
  }
  const half = new Map<string, 0 | 1>();
  for (const members of series.values())
    members.sort((first, second) => first.number - second.number).forEach((member, index) => half.set(member.id, (index % 2) as 0 | 1));
  return half;
}

const round = (value: number) => Math.round(value * 100) / 100;
