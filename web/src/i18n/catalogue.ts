/**
 * The shape every translation must have: the English catalogue's keys, each with a string. Plural keys follow each
 * language's CLDR categories (English `_one` / `_other`; French also `_many`, for a million and more), so a catalogue
 * may add the `_many` form of a plural key.
 */
export type Catalogue<T> = {
  [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
} & { [plural: `${string}_many`]: string };
