// Lets model text through only once it is verified: each claim is held until it is complete (its
// sentence, any open quotation and the markers after it), checked, and only then released. Nothing
// is released before the answer's first valid citation, so that an answer which turns out to cite
// nothing can still be replaced without the user having seen it.
import { splitClaims } from './split-claims.ts';
import { AnswerVerifier } from './verify-answer.ts';
import type { AnswerLanguage, Source, VerificationReport } from './types.ts';

export class VerifiedTextGate {
  private readonly verifier: AnswerVerifier;
  private pending = '';
  private held = '';
  /** All the raw model text pushed so far. */
  raw = '';
  /** All the verified text released so far. */
  released = '';

  constructor(sources: readonly Source[], language: AnswerLanguage) {
    this.verifier = new AnswerVerifier(sources, language);
  }

  get citations(): number[] {
    return this.verifier.citations;
  }

  get report(): VerificationReport {
    return this.verifier.report;
  }

  /** Takes the next piece of model text; returns the verified text it completes ('' while holding). */
  push(piece: string): string {
    this.raw += piece;
    const { claims, rest } = splitClaims(this.pending + piece);
    this.pending = rest;
    for (const claim of claims) this.held += this.verifier.checkClaim(claim);
    return this.release();
  }

  /** The model has finished: checks what is left and returns the verified text still to show ('' when the answer cites nothing). */
  end(): string {
    this.held += this.verifier.checkClaim(this.pending);
    this.pending = '';
    return this.release();
  }

  private release(): string {
    if (this.held === '' || this.verifier.citations.length === 0) return '';
    const text = this.held;
    this.held = '';
    this.released += text;
    return text;
  }
}
