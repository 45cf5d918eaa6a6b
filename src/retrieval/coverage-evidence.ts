// Whether the corpus covers a question, judged from evidence: how much of the question's specific
// content a top excerpt holds, literally or through words of the same dictionary sense; how much of
// it the corpus holds at all; how close the nearest excerpt's vector is; and whether a question that
// asks for a quantity finds any number; and whether the names it asks about appear in the corpus at all.
// A logistic model fitted on the dev questions (settings) combines those it uses into three states:
// answered, partial (the nearest excerpts are shown, with a caveat), not covered.
import { asksForQuantity, statesNumber } from '../text/answer-type.ts';
import { senseOverlap, wordSenses } from '../translation/concept-glosses.ts';

export type Coverage = 'answered' | 'partial' | 'not_covered';

/** What the decision rests on, each 0–1. */
export interface EvidenceFeatures {
  /** Weighted share of the question's concepts that a top excerpt holds literally (best of the top few). */
  literalCoverage: number;
  /** The same, a concept also counting as held through shared dictionary senses (best of the top few). */
  senseCoverage: number;
  /** Weighted share of the question's concepts found anywhere in the corpus. */
  corpusCoverage: number;
  /** Cosine similarity of the best chunk's vector to the question's. */
  vectorSimilarity: number;
  /** 1 when the question asks for a quantity and no top excerpt states a number, else 0. */
  quantityGap: number;
  /** Share of the question's names and figures (named-terms.ts) that the corpus holds under none of their forms. */
  namedGap: number;
}

export interface EvidenceModel {
  /** Logistic weights of the features the model uses (the others are computed and reported, not weighed), and the intercept. */
  weights: Partial<Record<keyof EvidenceFeatures, number>>;
  intercept: number;
  /** Below this probability the question is not covered. */
  notCoveredBelow: number;
  /** Below this (and not below the other) the excerpts may not address the question directly. */
  partialBelow: number;
}

/** A question concept with its weight (corpus IDF × general-language topicality) and the corpus terms that stand for it. */
export interface WeighedConcept {
  label: string;
  alternatives: readonly string[];
  weight: number;
}

/** 0–1: the model's probability that the corpus covers the question. */
export function evidenceProbability(features: EvidenceFeatures, model: EvidenceModel): number {
  let logit = model.intercept;
  for (const [key, weight] of Object.entries(model.weights) as Array<[keyof EvidenceFeatures, number]>) logit += weight * features[key];
  return 1 / (1 + Math.exp(-logit));
}

export function coverageState(probability: number, model: EvidenceModel): Coverage {
  if (probability < model.notCoveredBelow) return 'not_covered';
  return probability < model.partialBelow ? 'partial' : 'answered';
}

/** Sense coverage of one excerpt: each concept counts by the larger of its literal presence and its sense overlap with the excerpt's words. */
export function senseCoverage(concepts: readonly WeighedConcept[], literal: (concept: WeighedConcept) => number, excerptSenses: ReadonlySet<string>): number {
  let total = 0;
  let found = 0;
  for (const concept of concepts) {
    total += concept.weight;
    const held = literal(concept);
    found += concept.weight * (held >= 1 ? 1 : Math.max(held, senseOverlap(conceptSenses(concept), excerptSenses)));
  }
  return total === 0 ? 0 : found / total;
}

/** A concept's senses: an English label's own stems, or the glosses of its Chinese word(s). */
export function conceptSenses(concept: Pick<WeighedConcept, 'label' | 'alternatives'>): readonly string[] {
  const senses = wordSenses(concept.label);
  return senses.length > 0 ? senses : [...new Set(concept.alternatives.flatMap((term) => wordSenses(term)))];
}

/** 1 when the question asks for a quantity and none of the texts states a number. */
export function quantityGap(question: string, texts: readonly string[]): number {
  return asksForQuantity(question) && !texts.some(statesNumber) ? 1 : 0;
}
