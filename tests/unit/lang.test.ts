import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/lang.js';

const ENGLISH =
  'The regional water board approved a plan on Thursday to replace eleven kilometres of ageing pipes under the ' +
  'old town. Work will start in the spring and close one lane of the river road at a time, the board said, and ' +
  'engineers expect the project to cut leaks by about a third within two years.';
const FRENCH =
  "Le conseil régional a approuvé jeudi un plan pour remplacer onze kilomètres de vieilles canalisations sous la " +
  "vieille ville. Les travaux commenceront au printemps et fermeront une voie de la route du fleuve à la fois, " +
  'selon le conseil, et les ingénieurs espèrent réduire les fuites d’un tiers.';
const GERMAN =
  'Der Regionalrat hat am Donnerstag einen Plan gebilligt, elf Kilometer alter Leitungen unter der Altstadt zu ' +
  'ersetzen. Die Arbeiten beginnen im Frühjahr und sperren jeweils eine Spur der Uferstraße, teilte der Rat mit, ' +
  'und die Ingenieure erwarten, dass die Verluste um ein Drittel sinken.';

describe('detectLanguage', () => {
  it("says 'en' for an English news paragraph", () => {
    expect(detectLanguage(ENGLISH)).toBe('en');
  });

  it("says 'fr' for a French paragraph", () => {
    expect(detectLanguage(FRENCH)).toBe('fr');
  });

  it("says 'de' for a German paragraph", () => {
    expect(detectLanguage(GERMAN)).toBe('de');
  });

  it("says 'und' for a title alone, which is too short to judge", () => {
    expect(detectLanguage('Water board approves pipe plan for the old town')).toBe('und');
  });

  it("says 'und' for empty text", () => {
    expect(detectLanguage('')).toBe('und');
  });

  it('looks only at the start of a long text', () => {
    expect(detectLanguage(`${ENGLISH} `.repeat(4) + FRENCH.repeat(20))).toBe('en');
    expect(detectLanguage(`${FRENCH} `.repeat(4) + ENGLISH.repeat(20))).toBe('fr');
  });
});
