/** Typed input as the record accepts it: numbers (full-width folded) and identifiers/text. */
export * from './number-text';
export * from './identifier';
