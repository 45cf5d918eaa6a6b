// Fits the coverage evidence model on gold questions: a logistic regression of "in scope" on the
// evidence features, classes weighted equally (out-of-scope questions are the fewer), with a small
// L2 penalty, by batch gradient descent on standardised features. Run on dev only.
import type { EvidenceFeatures, EvidenceModel } from '../retrieval/coverage-evidence.ts';

export interface LabelledEvidence {
  features: EvidenceFeatures;
  inScope: boolean;
}

const FEATURES: ReadonlyArray<keyof EvidenceFeatures> = ['literalCoverage', 'senseCoverage', 'corpusCoverage', 'vectorSimilarity', 'quantityGap', 'namedGap'];

/** Weights and intercept on the features' own scale; thresholds are left to the caller. */
export function fitEvidenceModel(
  samples: readonly LabelledEvidence[],
  options: { l2?: number; iterations?: number; learningRate?: number } = {},
): Pick<EvidenceModel, 'weights' | 'intercept'> {
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 4000;
  const learningRate = options.learningRate ?? 0.2;
  const columns = FEATURES.map((feature) => samples.map((sample) => sample.features[feature]));
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / Math.max(1, column.length));
  const deviations = columns.map(
    (column, index) => Math.sqrt(column.reduce((sum, value) => sum + (value - means[index]!) ** 2, 0) / Math.max(1, column.length)) || 1,
  );
  const rows = samples.map((_, row) => columns.map((column, index) => (column[row]! - means[index]!) / deviations[index]!));
  const positives = samples.filter((sample) => sample.inScope).length;
  const negatives = samples.length - positives;
  const classWeight = (inScope: boolean) => 0.5 / Math.max(1, inScope ? positives : negatives);

  const weights = new Array<number>(FEATURES.length).fill(0);
  let intercept = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(FEATURES.length).fill(0);
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
  const raw = Object.fromEntries(FEATURES.map((feature, index) => [feature, round(weights[index]! / deviations[index]!)])) as Record<
    keyof EvidenceFeatures,
    number
  >;
  const rawIntercept = round(intercept - FEATURES.reduce((sum, _, index) => sum + (weights[index]! * means[index]!) / deviations[index]!, 0));
  return { weights: raw, intercept: rawIntercept };
}

const round = (value: number) => Math.round(value * 100) / 100;
