// Places a question implies: a region it names stands for its provinces (东北 → 黑龙江, 辽宁, 吉林), a
// province for its regions, so that excerpts naming the place the other way are found. General
// geography (geography/china-regions.ts), never a corpus's list.
import { englishPlaces, isPlace, relatedPlaces } from '../geography/china-regions.ts';
import type { Lexicon } from '../translation/translate-query.ts';
import { RELATED_PLACE_WEIGHT } from './retrieval-settings.ts';

interface Concept {
  label: string;
  alternatives: string[];
}

/**
 * Adds to the question's lexical weights the places related to those it names, and, for a place the
 * corpus never names (东北, "the northeast"), makes the related places that it does name the concept's
 * alternatives, so that coverage and the period's subject count them.
 * @param englishText the question's text without dates, for English place names.
 * @example addRelatedPlaces([{ label: '东北', alternatives: ['东北'] }], weights, '', lexicon) // alternatives: ['东北', '黑龙江'] when only 黑龙江 is in the corpus
 */
export function addRelatedPlaces(concepts: Concept[], weights: Map<string, number>, englishText: string, lexicon: Lexicon): void {
  for (const { english, chinese } of englishPlaces(englishText)) {
    const words = new Set(english.split(/[\s-]+/u));
    // The place's words were translated (or not) one by one; the place as a whole replaces them.
    for (let index = concepts.length - 1; index >= 0; index--) {
      const labelWords = concepts[index]!.label.toLowerCase().split(/[\s-]+/u);
      if (labelWords.every((word) => words.has(word))) concepts.splice(index, 1);
    }
    concepts.push({ label: english, alternatives: [chinese] });
    weights.set(chinese, Math.max(weights.get(chinese) ?? 0, 1));
  }
  for (const concept of concepts) {
    const places = concept.alternatives.filter(isPlace);
    if (places.length === 0) continue;
    const related = [...new Set(places.flatMap(relatedPlaces))].filter((place) => lexicon.has(place) && !concept.alternatives.includes(place));
    for (const place of related) weights.set(place, Math.max(weights.get(place) ?? 0, RELATED_PLACE_WEIGHT));
    if (!concept.alternatives.some((term) => lexicon.has(term))) concept.alternatives.push(...related);
  }
}
