// Excerpts prepared for matching once, not once per question: lower-cased text, sentence bounds,
// and the haystack coverage searches. Keyed by the excerpt objects, so that they go when the index does.
import type { Excerpt } from '../corpus/types.ts';
import { searchableText, type SearchableText } from './find-matches.ts';

export interface PreparedExcerpt {
  searchable: SearchableText;
  /** Text and occasion, lower-cased: where coverage looks for the question's concepts. */
  haystack: string;
}

export class PreparedExcerpts {
  private readonly prepared = new WeakMap<Excerpt, PreparedExcerpt>();

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
