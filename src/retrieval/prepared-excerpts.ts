// Excerpts prepared for matching once, not once per question: lower-cased text, sentence bounds,
// and the haystack coverage searches. Keyed by the excerpt objects, so that they go when the index does.
import type { Excerpt } from '../corpus/types.ts';
import { senseSet } from '../translation/concept-glosses.ts';
import { searchableText, type SearchableText } from './find-matches.ts';

export interface PreparedExcerpt {
  searchable: SearchableText;
  /** Text and occasion, lower-cased: where coverage looks for the question's concepts. */
  haystack: string;
}

export class PreparedExcerpts {
  private readonly prepared = new WeakMap<Excerpt, PreparedExcerpt>();
  private readonly senses = new WeakMap<Excerpt, ReadonlySet<string>>();

  /**
   * The dictionary senses of the excerpt's words (concept-glosses.ts), worked out when first asked for.
   * @param words the excerpt's words: its chunks' stored lexical terms, so that jieba is not run again.
   */
  sensesOf(excerpt: Excerpt, words: () => Iterable<string>): ReadonlySet<string> {
    let senses = this.senses.get(excerpt);
    if (senses === undefined) this.senses.set(excerpt, (senses = senseSet(words())));
    return senses;
  }

  of(excerpt: Excerpt): PreparedExcerpt {
    let prepared = this.prepared.get(excerpt);
    if (prepared === undefined) {
      const searchable = searchableText(excerpt.text);
      prepared = { searchable, haystack: `${searchable.lowered}\n${excerpt.occasion.toLowerCase()}` };
      this.prepared.set(excerpt, prepared);
    }
    return prepared;
  }
}
