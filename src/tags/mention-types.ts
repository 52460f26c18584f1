// What an entity mention is: shared by the capitalization rules (mentions.ts) and the all-caps finder (shout.ts).

export type EntityKind = 'person' | 'place' | 'org';

/** One entity mention in a sentence: [start, end) character offsets, possessive "'s" excluded. */
export interface Mention {
  start: number;
  end: number;
  kind: EntityKind;
  text: string;
  /** A lone unknown capitalized word guessed as a person: kept by extractEntities only if it links to a full name. */
  weak?: boolean;
}
